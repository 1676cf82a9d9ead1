#include "search/verification/verification.h"

#include <algorithm>
#include <set>

#include "common/errors.h"
#include "common/statistics.h"
#include "search/encoding/encoding.h"
#include "search/evolution/report.h"
#include "calibration/accelerator_network.h"
#include "sim/simulate.h"

namespace apq::search {

ConstraintBy parse_constraint_by(const std::string& text) {
  if (text == "lut") return ConstraintBy::Lut;
  if (text == "sim") return ConstraintBy::Sim;
  throw UsageError("--constraint-by must be lut or sim, got '" + text + "'");
}

std::string constraint_by_text(ConstraintBy by) { return by == ConstraintBy::Sim ? "sim" : "lut"; }

std::vector<RankedCandidate> verification_order(const Space& space, const std::vector<Candidate>& population_best_first,
                                                const std::vector<Candidate>& evaluated) {
  std::vector<Candidate> rest = evaluated;
  std::stable_sort(rest.begin(), rest.end(),
                   [](const Candidate& a, const Candidate& b) { return a.accuracy > b.accuracy; });
  std::vector<Candidate> all = top_distinct(space, population_best_first, population_best_first.size());
  const std::size_t from_population = all.size();
  all.insert(all.end(), rest.begin(), rest.end());
  const std::vector<Candidate> distinct = top_distinct(space, all, all.size());
  // top_distinct keeps first occurrences in order, so the population's networks lead.
  std::vector<RankedCandidate> order;
  for (std::size_t i = 0; i < distinct.size(); ++i) order.push_back({distinct[i], i < from_population});
  return order;
}

Cost simulated_cost(const Space& space, const sim::AccelConfig& accel, const Candidate& candidate,
                    const std::string& network_name) {
  const sim::NetworkResult result =
      sim::simulate_network(accel, calibration::network_of(space, candidate.config, network_name), sim::TimingMode::Cycle);
  return {result.total.latency_ms, result.total.energy_mj, candidate.cost.bitops};
}

Verification verify_candidates(const Space& space, const sim::AccelConfig& accel,
                               const std::vector<RankedCandidate>& order, int k, const Constraints& constraints,
                               ConstraintBy by, const std::function<void()>& on_simulated) {
  if (k < 1) throw InputError("the number of candidates to verify must be at least 1, got " + std::to_string(k));
  Verification v;
  v.by = by;
  v.k = k;
  std::vector<int> broken;  // ranks among the top k that broke a constraint, not yet replaced
  std::size_t next_broken = 0;
  for (std::size_t i = 0; i < order.size(); ++i) {
    const int rank = static_cast<int>(i) + 1;
    const bool in_top = rank <= k;
    if (by == ConstraintBy::Lut ? !in_top : v.selected.size() == static_cast<std::size_t>(k)) break;
    SimulatedCandidate s;
    s.ranked = order[i];
    s.rank = rank;
    s.simulated = simulated_cost(space, accel, order[i].candidate, space.name + " candidate " + std::to_string(rank));
    s.latency_rel_error = relative_error(order[i].candidate.cost.latency_ms, s.simulated.latency_ms);
    s.energy_rel_error = relative_error(order[i].candidate.cost.energy_mj, s.simulated.energy_mj);
    s.meets_constraints = satisfies(s.simulated, constraints);
    if (by == ConstraintBy::Lut || s.meets_constraints) {
      if (by == ConstraintBy::Sim && !in_top && next_broken < broken.size()) s.replaces = broken[next_broken++];
      v.selected.push_back(v.simulated.size());
    } else if (in_top) {
      broken.push_back(rank);
    }
    v.simulated.push_back(s);
    if (on_simulated) on_simulated();
  }
  return v;
}

}  // namespace apq::search
