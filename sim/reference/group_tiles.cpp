#include "sim/reference/group_tiles.h"

#include <algorithm>

namespace apq::sim::reference {

GroupTiles group_tiles(const AccelConfig& config, const LayerShape& layer) {
  GroupTiles mapping;
  mapping.tile_layer = layer;
  if (layer.groups == 1) return mapping;

  const int group_cin = layer.cin / layer.groups;
  const int group_cout = layer.cout / layer.groups;
  // As many groups as their output channels fill the columns; a group wider than the array
  // runs alone, as an ordinary dense layer.
  mapping.groups_per_tile = std::max(1, config.cols / group_cout);
  mapping.tiles = (layer.groups + mapping.groups_per_tile - 1) / mapping.groups_per_tile;
  mapping.tile_layer.cin = static_cast<int>(mapping.groups_per_tile) * group_cin;
  mapping.tile_layer.cout = static_cast<int>(mapping.groups_per_tile) * group_cout;
  mapping.tile_layer.groups = 1;
  return mapping;
}

}  // namespace apq::sim::reference
