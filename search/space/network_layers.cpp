#include "search/space/network_layers.h"

#include "search/space/fixed_layers.h"

namespace apq::search {

std::array<SpaceLayer, 3> block_layers(const BlockSlot& slot, const BlockChoice& choice) {
  const int mid = choice.mid_channels;
  SpaceLayer expand;
  expand.role = LayerRole::Expand;
  expand.cin = slot.in_channels;
  expand.cout = mid;
  expand.in_size = slot.in_size;
  expand.wbits = choice.pw_w_bits;
  expand.abits = choice.pw_a_bits;

  SpaceLayer depthwise;
  depthwise.role = LayerRole::Depthwise;
  depthwise.cin = mid;
  depthwise.cout = mid;
  depthwise.in_size = slot.in_size;
  depthwise.kernel = choice.kernel;
  depthwise.stride = slot.stride;
  depthwise.padding = choice.kernel / 2;
  depthwise.groups = mid;
  depthwise.wbits = choice.dw_w_bits;
  depthwise.abits = choice.dw_a_bits;

  SpaceLayer project;
  project.role = LayerRole::Project;
  project.cin = mid;
  project.cout = slot.out_channels;
  project.in_size = output_size(depthwise);
  project.wbits = choice.pw_w_bits;
  project.abits = choice.pw_a_bits;
  return {expand, depthwise, project};
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
