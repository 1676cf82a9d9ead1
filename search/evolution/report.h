#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "search/evolution/evolution.h"

namespace apq::search {

// {"config": APQ spec, "accuracy": predicted fraction, "latency": ms, "energy": mJ, "bitops": G}
nlohmann::ordered_json candidate_json(const Space& space, const Candidate& candidate);

// The first k candidates that are distinct networks (a population may hold one network twice,
// or two configs differing only in blocks that do not run).
std::vector<Candidate> top_distinct(const Space& space, const std::vector<Candidate>& best_first, std::size_t k);

// One row per generation: generation,accuracy,latency_ms,energy_mj,bitops_g of its best.
std::string history_csv(const std::vector<Candidate>& history);

}  // namespace apq::search
