#pragma once

#include "sim/accel_config.h"
#include "sim/layer_cost.h"
#include "layer/layer_shape.h"

namespace apq::sim {

// The BitFusion authors' analytical cost model (their public simulator), reproduced exactly for
// dense layers: tiling and loop-order search, reuse-based DRAM traffic, stalls where memory
// outruns compute, SRAM accesses of the cheapest inner dataflow, and energy without leakage.
// `im2col` flattens input channels and kernel taps into one reduction (the first layer; see
// default_im2col). Grouped layers use our block-diagonal mapping (sim/README.md).
// Throws apq::InputError for an invalid layer, bits beyond the array's precision, or a layer
// of which no tile fits the buffers.
LayerCost reference_cost(const AccelConfig& config, const LayerShape& layer, bool im2col);

}  // namespace apq::sim
