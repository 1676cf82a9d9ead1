#pragma once
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/pimpl.h>

#include <random>
#include <vector>

#include "nn/supernet/elastic_block.h"
#include "nn/supernet/fixed_layers.h"
#include "nn/supernet/image_classifier.h"
#include "search/space/block_slots.h"
#include "search/space/space.h"
#include "search/space/subnet_config.h"

namespace apq::nn {

// The once-for-all supernet of a search space: the fixed head, one elastic block per
// searchable block slot (at its largest kernel and width), the fixed tail. It runs one active
// sub-network at a time; bit settings in the config are kept for quantization and do not
// change the fp32 forward.
class SupernetImpl : public ImageClassifier {
 public:
  explicit SupernetImpl(search::Space space);

  // Throws apq::InputError (naming the APQ spec field, index and value) when the config is not
  // in the space.
  void set_active(const search::SubnetConfig& config);
  const search::SubnetConfig& active_config() const { return active_; }

  // Activate a sub-network drawn by the space library and return its config.
  search::SubnetConfig activate_random(std::mt19937_64& rng);
  search::SubnetConfig activate_smallest();
  search::SubnetConfig activate_largest();

  torch::Tensor forward(const torch::Tensor& images) override;

  // Sorts every block's mid channels by importance, before a width phase. With
  // `settled_widths` = n > 0 (the n-th width phase), channels keep to the segments between each
  // block's n largest mid choices below its maximum, so widths trained in earlier phases keep
  // their channels (once-for-all's expand_ratio_stage). Optimizer state keyed to the permuted
  // tensors is stale afterwards: create the optimizer after sorting.
  void sort_mid_channels(std::size_t settled_widths = 0);
  // The same with a settled count per block (block order), for phases that widen blocks unevenly.
  void sort_mid_channels(const std::vector<std::size_t>& settled_widths);

  const search::Space& space() const { return space_; }
  // The bit-widths its sub-networks may take. The weights do not depend on them (the layers
  // quantize at run time), so a trained supernet serves spaces that differ from its own in the
  // bit choices only.
  void set_bit_choices(const search::BitChoices& bits) { space_.bits = bits; }
  const std::vector<search::BlockSlot>& slots() const { return slots_; }
  ElasticBlockImpl& block(int index) { return *blocks_[index]->as<ElasticBlockImpl>(); }
  FixedLayersImpl& head() { return *head_; }
  FixedLayersImpl& tail() { return *tail_; }

 private:
  search::Space space_;
  std::vector<search::BlockSlot> slots_;
  FixedLayers head_{nullptr};
  torch::nn::ModuleList blocks_;
  FixedLayers tail_{nullptr};
  search::SubnetConfig active_;
};
TORCH_MODULE(Supernet);

// The search space's kernel choices as a block's, and a slot's block shape in the supernet.
ElasticBlockShape supernet_block_shape(const search::Space& space, const search::BlockSlot& slot);

}  // namespace apq::nn
