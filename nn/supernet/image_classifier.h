#pragma once
#include <torch/nn/module.h>

namespace apq::nn {

// A module mapping normalised images [B, C, H, W] to class logits [B, classes]: what training,
// evaluation and BN recalibration need of the supernet and of its extracted sub-networks.
class ImageClassifier : public torch::nn::Module {
 public:
  virtual torch::Tensor forward(const torch::Tensor& images) = 0;
};

}  // namespace apq::nn
