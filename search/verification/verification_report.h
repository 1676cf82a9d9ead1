#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "search/verification/verification.h"

namespace apq::search {

// {"accel", "constraint_by", "k", "candidates": [candidate_json + "rank", "source",
// "sim_latency", "sim_energy", "latency_rel_error", "energy_rel_error", "meets_constraints_by_sim"
// (+ "replaces": rank)], "selected": [ranks]}
nlohmann::ordered_json verification_json(const Space& space, const std::string& accel_name, const Verification& v);

// A table, one row per candidate of the top k and per candidate selected: rank, source, LUT and
// simulated latency and energy with their relative differences, whether it holds under
// simulation, and what it replaces; the other candidates simulated (all broken) as a count.
std::string verification_text(const std::string& accel_name, const Verification& v);

}  // namespace apq::search
