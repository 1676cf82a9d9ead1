#pragma once
#include <cstdint>

#include "search/space/layer.h"
#include "search/space/space.h"
#include "search/space/subnet_config.h"

namespace apq::search {

// Multiply-accumulates of one layer for one image: out_size^2 x cout x (cin / groups) x k^2.
// A global average pool multiplies nothing and counts 0.
std::int64_t layer_macs(const SpaceLayer& layer);

// MACs x weight bits x activation bits, for the space's batch.
double layer_bitops(const SpaceLayer& layer, int batch);

// The sum of layer_bitops over the layers the LUT sums for the config (layers_of: the head
// layers, the three layers of every running block, the tail layers).
double network_bitops(const Space& space, const SubnetConfig& config);

}  // namespace apq::search
