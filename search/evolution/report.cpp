#include "search/evolution/report.h"

#include <cstdio>
#include <set>

#include "search/encoding/encoding.h"
#include "search/space/config_file.h"

namespace apq::search {

nlohmann::ordered_json candidate_json(const Space& space, const Candidate& candidate) {
  nlohmann::ordered_json out;
  out["config"] = config_to_json(space, candidate.config);
  out["accuracy"] = candidate.accuracy;
  out["latency"] = candidate.cost.latency_ms;
  out["energy"] = candidate.cost.energy_mj;
  out["bitops"] = candidate.cost.bitops / 1e9;
  return out;
}

std::vector<Candidate> top_distinct(const Space& space, const std::vector<Candidate>& best_first, std::size_t k) {
  const EncodingLayout layout = encoding_layout(space);
  std::set<std::vector<std::int32_t>> seen;
  std::vector<Candidate> top;
  for (const Candidate& c : best_first) {
    if (top.size() == k) break;
    if (seen.insert(hot_indices(space, layout, c.config)).second) top.push_back(c);
  }
  return top;
}

std::string history_csv(const std::vector<Candidate>& history) {
  std::string csv = "generation,accuracy,latency_ms,energy_mj,bitops_g\n";
  char row[160];
  for (std::size_t g = 0; g < history.size(); ++g) {
    const Candidate& c = history[g];
    std::snprintf(row, sizeof row, "%zu,%.9g,%.9g,%.9g,%.9g\n", g, c.accuracy, c.cost.latency_ms, c.cost.energy_mj,
                  c.cost.bitops / 1e9);
    csv += row;
  }
  return csv;
}

}  // namespace apq::search
