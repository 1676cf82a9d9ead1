#pragma once
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "search/evolution/constraints.h"
#include "search/evolution/evolution.h"
#include "search/space/space.h"
#include "sim/accel_config.h"

namespace apq::search {

// Spot-verification: do the search's best candidates, costed by the LUT, hold when the whole
// network is simulated (cycle mode, the network `apq sim export-net` writes for the config)?

// lut: the search's constraints stand as the LUT judged them; simulated candidates that break
// one are only marked. sim: the answer is the best candidates that hold under simulation.
enum class ConstraintBy { Lut, Sim };

// "lut" or "sim"; throws apq::UsageError naming --constraint-by and the text.
ConstraintBy parse_constraint_by(const std::string& text);
std::string constraint_by_text(ConstraintBy by);

struct RankedCandidate {
  Candidate candidate;
  bool from_population = true;  // false: from the evaluated set
};

// The order in which candidates are verified and, under ConstraintBy::Sim, replaced: the final
// population's distinct networks best first, then the other distinct networks of `evaluated`
// by predicted accuracy, best first (ties in scoring order).
std::vector<RankedCandidate> verification_order(const Space& space, const std::vector<Candidate>& population_best_first,
                                                const std::vector<Candidate>& evaluated);

struct SimulatedCandidate {
  RankedCandidate ranked;     // its cost is the LUT's
  int rank = 0;               // 1-based position in the verification order
  Cost simulated;             // latency and energy by simulation; BitOps counted, as by the LUT
  double latency_rel_error = 0.0;  // (LUT - simulation) / simulation
  double energy_rel_error = 0.0;
  bool meets_constraints = false;  // under simulation
  int replaces = 0;                // ConstraintBy::Sim: rank of the top-k candidate it stands in for; 0 none
};

struct Verification {
  ConstraintBy by = ConstraintBy::Lut;
  int k = 0;
  std::vector<SimulatedCandidate> simulated;  // in verification order
  // Indices into `simulated`: Lut, the first k; Sim, the first k that meet the constraints under
  // simulation (fewer when the order runs out).
  std::vector<std::size_t> selected;
};

// The candidate's cost by full-network simulation on `accel` (cycle mode); BitOps as given.
Cost simulated_cost(const Space& space, const sim::AccelConfig& accel, const Candidate& candidate,
                    const std::string& network_name);

// Simulates the first k of `order`; under ConstraintBy::Sim it goes on down the order until k
// candidates hold under simulation, each later one that holds standing in for the first of the
// top k still unreplaced that broke a constraint. `on_simulated` is called after each.
Verification verify_candidates(const Space& space, const sim::AccelConfig& accel,
                               const std::vector<RankedCandidate>& order, int k, const Constraints& constraints,
                               ConstraintBy by, const std::function<void()>& on_simulated = {});

}  // namespace apq::search
