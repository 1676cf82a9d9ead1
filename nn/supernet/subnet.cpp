#include "nn/supernet/subnet.h"

#include "nn/supernet/supernet.h"
#include "search/space/block_slots.h"

namespace apq::nn {
namespace {

NamedTensors all_tensors(const torch::nn::Module& module) {
  NamedTensors tensors;
  for (const auto& item : module.named_parameters()) tensors.emplace_back(item.key(), item.value());
  for (const auto& item : module.named_buffers()) tensors.emplace_back(item.key(), item.value());
  return tensors;
}

}  // namespace

SubnetImpl::SubnetImpl(const search::Space& space, const search::SubnetConfig& config)
    : config_(config) {
  search::validate_config(space, config, "sub-network config (space " + space.name + ")");
  head_ = register_module("head", FixedLayers(space.head, space.input_channels,
                                              NetworkPart::Head, space.fixed_bits));
  blocks_ = register_module("blocks", torch::nn::ModuleList());
  std::int64_t channels = head_->out_channels();
  for (const search::BlockSlot& slot : search::block_slots(space)) {
    if (!search::block_is_active(space, config, slot.index)) continue;
    const search::BlockChoice& choice = config.blocks[slot.index];
    ElasticBlockShape shape;
    shape.in_channels = slot.in_channels;
    shape.out_channels = slot.out_channels;
    shape.stride = slot.stride;
    shape.kernel_choices = {choice.kernel};
    shape.max_mid_channels = choice.mid_channels;
    ElasticBlock block(shape);
    block->set_bits(choice.pw_w_bits, choice.pw_a_bits, choice.dw_w_bits, choice.dw_a_bits);
    blocks_->push_back(block);
    channels = slot.out_channels;
  }
  tail_ = register_module("tail", FixedLayers(space.tail, channels, NetworkPart::Tail, space.fixed_bits));
}

torch::Tensor SubnetImpl::forward(const torch::Tensor& images) {
  torch::Tensor x = head_->forward(images);
  for (int b = 0; b < block_count(); ++b) x = block(b).forward(x);
  return tail_->forward(x);
}

Subnet extract_subnet(SupernetImpl& supernet) {
  Subnet subnet(supernet.space(), supernet.active_config());
  copy_named_tensors(all_tensors(supernet.head()), subnet->head());
  copy_named_tensors(all_tensors(supernet.tail()), subnet->tail());
  int running = 0;
  for (const search::BlockSlot& slot : supernet.slots()) {
    if (slot.position >= supernet.active_config().depths[slot.stage]) continue;
    copy_named_tensors(supernet.block(slot.index).active_tensors(), subnet->block(running++));
  }
  subnet->train(supernet.is_training());
  return subnet;
}

}  // namespace apq::nn
