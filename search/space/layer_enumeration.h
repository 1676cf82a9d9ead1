#pragma once
#include <vector>

#include "search/space/layer.h"
#include "search/space/space.h"

namespace apq::search {

// Every distinct (layer shape, wbits, abits) a searchable block of the space can produce: the
// rows of the LUT besides "head" and "tail". Distinct means a distinct LUT key; a layer keeps the
// role of its first occurrence. The order is deterministic: blocks in run order, then kernels,
// mid channels, the block's three layers, weight bits, activation bits, each ascending.
std::vector<SpaceLayer> distinct_block_layers(const Space& space);

}  // namespace apq::search
