#include "search/space/network_layers.h"

#include "search/space/fixed_layers.h"

namespace apq::search {

std::array<SpaceLayer, 3> block_layers(const BlockSlot& slot, const BlockChoice& choice) {
  const int mid = choice.mid_channels;
  const int k = choice.kernel;
  // LayerShape fields: cin, cout, in_size, kernel, stride, padding, groups, batch, wbits, abits.
  const LayerShape expand{slot.in_channels, mid, slot.in_size, 1, 1, 0, 1, 1, choice.pw_w_bits, choice.pw_a_bits};
  const LayerShape depthwise{mid, mid, slot.in_size, k, slot.stride, k / 2, mid, 1, choice.dw_w_bits, choice.dw_a_bits};
  const LayerShape project{mid,         slot.out_channels, output_size(depthwise), 1, 1, 0, 1, 1,
                           choice.pw_w_bits, choice.pw_a_bits};
  return {SpaceLayer{LayerOp::Conv, LayerRole::Expand, expand}, SpaceLayer{LayerOp::Conv, LayerRole::Depthwise, depthwise},
          SpaceLayer{LayerOp::Conv, LayerRole::Project, project}};
}

std::vector<SpaceLayer> head_layers(const Space& space) {
  return resolve_fixed_layers(space.head, LayerRole::Head, space.input_channels, space.input_size, space.fixed_bits);
}

std::vector<SpaceLayer> tail_layers(const Space& space) {
  const std::vector<BlockSlot> slots = block_slots(space);
  const BlockSlot& last = slots.back();
  const int in_size = conv_output_size(last.in_size, 1, last.stride, 0);
  return resolve_fixed_layers(space.tail, LayerRole::Tail, last.out_channels, in_size, space.fixed_bits);
}

NetworkLayers layers_of(const Space& space, const SubnetConfig& config) {
  NetworkLayers network;
  network.head = head_layers(space);
  for (const BlockSlot& slot : block_slots(space))
    if (slot.position < config.depths.at(slot.stage))
      network.blocks.push_back({slot.index, slot.stage, block_layers(slot, config.blocks.at(slot.index))});
  network.tail = tail_layers(space);
  return network;
}

std::vector<SpaceLayer> flatten(const NetworkLayers& network) {
  std::vector<SpaceLayer> layers = network.head;
  for (const BlockLayers& block : network.blocks) layers.insert(layers.end(), block.layers.begin(), block.layers.end());
  layers.insert(layers.end(), network.tail.begin(), network.tail.end());
  return layers;
}

}  // namespace apq::search
