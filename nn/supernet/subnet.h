#pragma once
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/pimpl.h>

#include <string>

#include "nn/supernet/elastic_block.h"
#include "nn/supernet/fixed_layers.h"
#include "nn/supernet/image_classifier.h"
#include "search/space/space.h"
#include "search/space/subnet_config.h"

namespace apq::nn {

class SupernetImpl;

// A standalone sub-network: the head, only the blocks its config runs (each with the one
// kernel and width it chose) and the tail, owning its weights. Parameter names depend only on
// the config, so torch::save / torch::load round-trip through a Subnet built from the same
// space and config.
class SubnetImpl : public ImageClassifier {
 public:
  // Fresh weights of the right shapes; throws apq::InputError when the config is not in the space.
  SubnetImpl(const search::Space& space, const search::SubnetConfig& config);

  torch::Tensor forward(const torch::Tensor& images) override;

  const search::SubnetConfig& config() const { return config_; }
  FixedLayersImpl& head() { return *head_; }
  FixedLayersImpl& tail() { return *tail_; }
  // The running blocks in order (block i of the sub-network, not slot i of the space).
  ElasticBlockImpl& block(int index) { return *blocks_[index]->as<ElasticBlockImpl>(); }
  int block_count() const { return static_cast<int>(blocks_->size()); }

 private:
  search::SubnetConfig config_;
  FixedLayers head_{nullptr};
  torch::nn::ModuleList blocks_;
  FixedLayers tail_{nullptr};
};
TORCH_MODULE(Subnet);

// A copy of the supernet's active sub-network: same outputs, in train and eval mode, until
// either is changed; its weights are copies, not views.
Subnet extract_subnet(SupernetImpl& supernet);

}  // namespace apq::nn
