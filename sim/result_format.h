#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "sim/sim_result.h"

namespace apq::sim {

// A layer result as JSON (schema: sim/README.md, "Results").
nlohmann::ordered_json layer_result_json(const LayerResult& result, TimingMode mode);

// A network result as JSON: the accelerator, the mode, every layer and the totals.
nlohmann::ordered_json network_result_json(const NetworkResult& result);

// Human-readable: one field per line for a layer, one row per layer plus totals for a network.
std::string layer_result_text(const LayerResult& result, TimingMode mode,
                              const std::string& accelerator);
std::string network_result_text(const NetworkResult& result);

}  // namespace apq::sim
