#pragma once
#include <cstdint>

#include "search/space/layer.h"
#include "search/space/space.h"
#include "search/space/subnet_config.h"

namespace apq::search {

// MACs (layer_macs of layer/layer_op.h: a pool counts 0) x weight bits x activation bits, for
// `batch` images.
double layer_bitops(const SpaceLayer& layer, int batch);

// The sum of layer_bitops over the layers the LUT sums for the config (layers_of: the head
// layers, the three layers of every running block, the tail layers).
double network_bitops(const Space& space, const SubnetConfig& config);

// layer_bitops summed over the space's fixed head and tail layers.
double fixed_bitops(const Space& space);

}  // namespace apq::search
