#pragma once
#include <string>
#include <vector>

#include "sim/accel_config.h"
#include "sim/cycle/layer_stats.h"
#include "sim/cycle/network_plan.h"
#include "sim/network.h"
#include "sim/sim_result.h"

namespace apq::sim {

// A layer's result from what the SystemC model measured: core energy for the array's busy
// cycles, buffer and DRAM energy for the bits moved, leakage of the core and the three buffers
// for the layer's whole time.
LayerResult cycle_layer_result(const AccelConfig& config, const cycle::PlannedLayer& planned,
                               const cycle::LayerStats& stats);

// A layer's result in reference mode: reference_cost for array layers; for vector-unit layers
// our simple cost with the reference's overlap rule (memory hides behind compute, no leakage).
LayerResult reference_layer_result(const AccelConfig& config, const NetworkLayer& layer);

// The network's totals over its layers' results.
NetworkResult network_result(const AccelConfig& config, const std::string& network_name,
                             TimingMode mode, std::vector<LayerResult> layers);

}  // namespace apq::sim
