#pragma once
#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>

#include <cstdint>
#include <vector>

#include "nn/quant/quantizable.h"
#include "nn/supernet/dynamic_batch_norm.h"
#include "nn/supernet/layer_calls.h"
#include "search/space/space.h"

namespace apq::nn {

// The fixed head or tail of a network, as a space file lists it. A conv is conv + BN + ReLU6,
// except a 1x1 conv that ends the head: that is the linear bottleneck of MobileNetV2's first
// block, whose output feeds the searchable blocks without an activation. A linear layer has a
// bias and, unless it is the last layer, a ReLU6. Every conv and linear layer quantizes at the
// space's fixed bits; the first layer's input (the image or a block's output) is signed.
class FixedLayersImpl : public torch::nn::Module, public Quantizable {
 public:
  FixedLayersImpl(const std::vector<search::FixedLayerSpec>& specs, std::int64_t in_channels,
                  NetworkPart part, search::FixedBits bits);

  torch::Tensor forward(torch::Tensor x);
  std::vector<LayerQuant*> quant_layers() override;
  std::int64_t out_channels() const { return out_channels_; }

  // One layer of the list; the integer export reads them.
  struct Step {
    LayerOp op;
    ConvGeometry geometry;
    bool activation = false;
    torch::Tensor weight;
    torch::Tensor bias;          // linear only
    DynamicBatchNorm bn{nullptr};  // conv only
    LayerQuant quant;              // conv and linear
  };
  const std::vector<Step>& steps() const { return steps_; }

 private:
  std::vector<Step> steps_;
  std::int64_t out_channels_;
};
TORCH_MODULE(FixedLayers);

}  // namespace apq::nn
