#pragma once
#include <vector>

#include "search/space/layer.h"
#include "search/space/space.h"

namespace apq::search {

// Resolves head or tail specs into layers, each taking its input channels and size from the
// layer before it (the first from `cin` and `in_size`); all carry the space's fixed bits.
std::vector<SpaceLayer> resolve_fixed_layers(const std::vector<FixedLayerSpec>& specs, LayerRole role,
                                             int cin, int in_size, const FixedBits& bits);

}  // namespace apq::search
