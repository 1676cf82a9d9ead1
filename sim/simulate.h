#pragma once
#include <optional>

#include "sim/accel_config.h"
#include "layer/layer_shape.h"
#include "sim/network.h"
#include "sim/sim_result.h"

namespace apq::sim {

// Simulates one convolution (batch in `layer`). `im2col` unset: default_im2col(layer). In cycle
// mode the layer runs alone on the SystemC model (input from DRAM, output to DRAM at its own
// activation width); in reference mode it is reference_cost. Throws apq::InputError for an
// invalid layer or one that no tile fits.
LayerResult simulate_layer(const AccelConfig& config, const LayerShape& layer, TimingMode mode,
                           std::optional<bool> im2col = std::nullopt);

// Simulates a network back to back on one accelerator. Cycle mode models the inter-layer effects
// (next layer's weights prefetched during the current layer, outputs that fit kept on chip);
// reference mode sums the layers' reference costs. Throws apq::InputError for an invalid layer.
NetworkResult simulate_network(const AccelConfig& config, const Network& network, TimingMode mode);

}  // namespace apq::sim
