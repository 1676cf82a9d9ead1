#pragma once
#include <cstdint>

#include "sim/accel_config.h"
#include "layer/layer_shape.h"

namespace apq::sim::reference {

// How a grouped (or depthwise) layer runs on the array, which only computes dense products:
// `groups_per_tile` groups are packed side by side over the columns with block-diagonal weights
// (zeros outside a group's block, laid out by the compiler), and the layer runs as `tiles`
// identical dense problems `tile_layer`. Group counts round up to whole tiles; a ragged last
// tile costs a full one. See sim/README.md.
struct GroupTiles {
  LayerShape tile_layer;
  std::int64_t tiles = 1;
  std::int64_t groups_per_tile = 1;
};

// The identity mapping for groups = 1. The layer must be valid.
GroupTiles group_tiles(const AccelConfig& config, const LayerShape& layer);

}  // namespace apq::sim::reference
