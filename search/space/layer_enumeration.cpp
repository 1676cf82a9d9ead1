#include "search/space/layer_enumeration.h"

#include <string>
#include <unordered_set>

#include "search/space/block_slots.h"
#include "layer/lut_key.h"
#include "search/space/network_layers.h"

namespace apq::search {

std::vector<SpaceLayer> distinct_block_layers(const Space& space) {
  std::vector<SpaceLayer> layers;
  std::unordered_set<std::string> seen;
  auto add_with_bits = [&](SpaceLayer layer, const std::vector<int>& w_choices, const std::vector<int>& a_choices) {
    for (int w : w_choices)
      for (int a : a_choices) {
        layer.shape.wbits = w;
        layer.shape.abits = a;
        if (seen.insert(lut_key(layer.shape)).second) layers.push_back(layer);
      }
  };
  for (const BlockSlot& slot : block_slots(space))
    for (int kernel : space.kernel_choices)
      for (int mid : slot.mid_choices) {
        BlockChoice choice;
        choice.kernel = kernel;
        choice.mid_channels = mid;
        const std::array<SpaceLayer, 3> block = block_layers(slot, choice);
        add_with_bits(block[0], space.bits.pw_w, space.bits.pw_a);
        add_with_bits(block[1], space.bits.dw_w, space.bits.dw_a);
        add_with_bits(block[2], space.bits.pw_w, space.bits.pw_a);
      }
  return layers;
}

}  // namespace apq::search
