#include "nn/supernet/supernet.h"

#include <algorithm>

#include "search/space/config_sampling.h"

namespace apq::nn {

ElasticBlockShape supernet_block_shape(const search::Space& space, const search::BlockSlot& slot) {
  ElasticBlockShape shape;
  shape.in_channels = slot.in_channels;
  shape.out_channels = slot.out_channels;
  shape.stride = slot.stride;
  shape.kernel_choices.assign(space.kernel_choices.begin(), space.kernel_choices.end());
  shape.max_mid_channels = slot.mid_choices.back();
  return shape;
}

SupernetImpl::SupernetImpl(search::Space space)
    : space_(std::move(space)), slots_(search::block_slots(space_)) {
  head_ = register_module("head", FixedLayers(space_.head, space_.input_channels,
                                              NetworkPart::Head, space_.fixed_bits));
  blocks_ = register_module("blocks", torch::nn::ModuleList());
  for (const search::BlockSlot& slot : slots_) {
    blocks_->push_back(ElasticBlock(supernet_block_shape(space_, slot)));
  }
  const std::int64_t last_channels =
      slots_.empty() ? head_->out_channels() : slots_.back().out_channels;
  tail_ = register_module("tail", FixedLayers(space_.tail, last_channels,
                                              NetworkPart::Tail, space_.fixed_bits));
  activate_largest();
}

void SupernetImpl::set_active(const search::SubnetConfig& config) {
  search::validate_config(space_, config, "supernet sub-network config (space " + space_.name + ")");
  for (const search::BlockSlot& slot : slots_) {
    const search::BlockChoice& choice = config.blocks[slot.index];
    block(slot.index).set_active(choice.kernel, choice.mid_channels);
    block(slot.index).set_bits(choice.pw_w_bits, choice.pw_a_bits, choice.dw_w_bits, choice.dw_a_bits);
  }
  active_ = config;
}

search::SubnetConfig SupernetImpl::activate_random(std::mt19937_64& rng) {
  set_active(search::random_config(space_, rng));
  return active_;
}

search::SubnetConfig SupernetImpl::activate_smallest() {
  set_active(search::smallest_config(space_));
  return active_;
}

search::SubnetConfig SupernetImpl::activate_largest() {
  set_active(search::largest_config(space_));
  return active_;
}

torch::Tensor SupernetImpl::forward(const torch::Tensor& images) {
  torch::Tensor x = head_->forward(images);
  for (const search::BlockSlot& slot : slots_) {
    if (slot.position < active_.depths[slot.stage]) x = block(slot.index).forward(x);
  }
  return tail_->forward(x);
}

void SupernetImpl::sort_mid_channels(std::size_t settled_widths) {
  sort_mid_channels(std::vector<std::size_t>(slots_.size(), settled_widths));
}

void SupernetImpl::sort_mid_channels(const std::vector<std::size_t>& settled_widths) {
  TORCH_CHECK(settled_widths.size() == slots_.size(), "one settled width count per block");
  for (const search::BlockSlot& slot : slots_) {
    const std::vector<int>& choices = slot.mid_choices;  // ascending; the last is the maximum
    const std::size_t settled = std::min(settled_widths[slot.index], choices.size() - 1);
    std::vector<std::int64_t> boundaries(choices.end() - 1 - settled, choices.end() - 1);
    block(slot.index).sort_mid_channels(boundaries);
  }
}

}  // namespace apq::nn
