#pragma once
#include <array>
#include <vector>

#include "search/space/block_slots.h"
#include "search/space/layer.h"
#include "search/space/space.h"
#include "search/space/subnet_config.h"

namespace apq::search {

// The three layers of one running searchable block: expand, depthwise, project.
struct BlockLayers {
  int block = 0;  // index among all searchable blocks
  int stage = 0;
  std::array<SpaceLayer, 3> layers;
};

// The layers of a sub-network in run order, grouped so that a LUT query can report the head,
// each block and the tail separately.
struct NetworkLayers {
  std::vector<SpaceLayer> head;
  std::vector<BlockLayers> blocks;  // running blocks only
  std::vector<SpaceLayer> tail;
};

// The config must be valid for the space (validate_config).
NetworkLayers layers_of(const Space& space, const SubnetConfig& config);

// Head, blocks and tail as one list in run order.
std::vector<SpaceLayer> flatten(const NetworkLayers& network);

std::vector<SpaceLayer> head_layers(const Space& space);
std::vector<SpaceLayer> tail_layers(const Space& space);

// expand (cin, mid, in, 1, 1, 0, 1) with pw bits, depthwise (mid, mid, in, k, s, k/2, mid) with
// dw bits, project (mid, cout, in/s, 1, 1, 0, 1) with pw bits.
std::array<SpaceLayer, 3> block_layers(const BlockSlot& slot, const BlockChoice& choice);

}  // namespace apq::search
