#include "search/verification/verification_report.h"

#include <algorithm>
#include <cstdio>

#include "search/evolution/report.h"

namespace apq::search {
namespace {

const char* source_of(const SimulatedCandidate& s) { return s.ranked.from_population ? "population" : "evaluated"; }

}  // namespace

nlohmann::ordered_json verification_json(const Space& space, const std::string& accel_name, const Verification& v) {
  nlohmann::ordered_json out;
  out["accel"] = accel_name;
  out["constraint_by"] = constraint_by_text(v.by);
  out["k"] = v.k;
  out["candidates"] = nlohmann::ordered_json::array();
  for (const SimulatedCandidate& s : v.simulated) {
    nlohmann::ordered_json c = candidate_json(space, s.ranked.candidate);
    c["rank"] = s.rank;
    c["source"] = source_of(s);
    c["sim_latency"] = s.simulated.latency_ms;
    c["sim_energy"] = s.simulated.energy_mj;
    c["latency_rel_error"] = s.latency_rel_error;
    c["energy_rel_error"] = s.energy_rel_error;
    c["meets_constraints_by_sim"] = s.meets_constraints;
    if (s.replaces != 0) c["replaces"] = s.replaces;
    out["candidates"].push_back(c);
  }
  out["selected"] = nlohmann::ordered_json::array();
  for (const std::size_t i : v.selected) out["selected"].push_back(v.simulated[i].rank);
  return out;
}

std::string verification_text(const std::string& accel_name, const Verification& v) {
  std::string text = "verification on " + accel_name + " (full-network simulation, cycle mode), constraints by " +
                     constraint_by_text(v.by) + "; relative difference (LUT - sim) / sim\n";
  char row[256];
  std::snprintf(row, sizeof row, "%5s %-10s %8s %11s %11s %8s %11s %11s %8s  %s\n", "rank", "source", "accuracy",
                "lut ms", "sim ms", "diff", "lut mJ", "sim mJ", "diff", "under sim");
  text += row;
  std::vector<bool> shown(v.simulated.size(), false);
  for (std::size_t i = 0; i < v.simulated.size(); ++i) shown[i] = v.simulated[i].rank <= v.k;
  for (const std::size_t i : v.selected) shown[i] = true;
  for (std::size_t i = 0; i < v.simulated.size(); ++i) {
    if (!shown[i]) continue;
    const SimulatedCandidate& s = v.simulated[i];
    const Candidate& c = s.ranked.candidate;
    std::string verdict = s.meets_constraints ? "holds" : "BREAKS a constraint";
    if (s.replaces != 0) verdict += ", replaces rank " + std::to_string(s.replaces);
    std::snprintf(row, sizeof row, "%5d %-10s %8.5f %11.6g %11.6g %7.3f%% %11.6g %11.6g %7.3f%%  %s\n", s.rank,
                  source_of(s), c.accuracy, c.cost.latency_ms, s.simulated.latency_ms, 100 * s.latency_rel_error,
                  c.cost.energy_mj, s.simulated.energy_mj, 100 * s.energy_rel_error, verdict.c_str());
    text += row;
  }
  // Under --constraint-by sim the walk may pass thousands of candidates that break a bound; the
  // JSON report keeps them all, the table only the top k and the ones selected.
  const auto hidden = std::count(shown.begin(), shown.end(), false);
  if (hidden > 0)
    text += std::to_string(hidden) + " further candidates simulated break a constraint (listed in the JSON report)\n";
  if (v.by == ConstraintBy::Sim && v.selected.size() < static_cast<std::size_t>(v.k))
    text += "only " + std::to_string(v.selected.size()) + " of the " + std::to_string(v.k) +
            " candidates asked for hold under simulation\n";
  return text;
}

}  // namespace apq::search
