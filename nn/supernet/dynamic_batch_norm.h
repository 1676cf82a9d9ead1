#pragma once
#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>

#include <cstdint>
#include <utility>

namespace apq::nn {

// BatchNorm over a prefix of its channels: an input with c channels uses the first c entries
// of the affine parameters and running statistics (slices, so training and statistics updates
// land in the full-width tensors). Every BN of the supernet and its sub-networks is one of
// these, so BN recalibration finds them all.
class DynamicBatchNormImpl : public torch::nn::Module {
 public:
  explicit DynamicBatchNormImpl(std::int64_t max_channels, double momentum = 0.1,
                                double eps = 1e-5);

  torch::Tensor forward(const torch::Tensor& input);

  // Reorders the channels: new channel i is old channel order[i].
  void permute_channels(const torch::Tensor& order);

  // Between begin and end, training-mode forwards set the running statistics of the channels
  // they use to the average over all images seen since begin (each batch weighted by its size)
  // instead of a momentum average: the statistics then describe the data of the recalibration
  // alone.
  void begin_recalibration();
  void end_recalibration();

  std::int64_t max_channels() const { return weight.size(0); }

  // The first `channels` channels as a per-channel affine map of the running statistics:
  // {γ/√(var+ε), β − mean·γ/√(var+ε)}, for folding into the preceding convolution. The
  // statistics are constants here (frozen); γ and β keep their gradients.
  std::pair<torch::Tensor, torch::Tensor> folding(std::int64_t channels) const;

  torch::Tensor weight;
  torch::Tensor bias;
  torch::Tensor running_mean;
  torch::Tensor running_var;

 private:
  double momentum_;
  double eps_;
  bool recalibrating_ = false;
  std::int64_t recalibration_images_ = 0;
};
TORCH_MODULE(DynamicBatchNorm);

}  // namespace apq::nn
