#pragma once
#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "nn/quant/quantizable.h"
#include "nn/supernet/dynamic_batch_norm.h"

namespace apq::nn {

// The shape of a MobileNetV2 inverted-residual block with elastic kernel and mid channels.
struct ElasticBlockShape {
  std::int64_t in_channels = 0;
  std::int64_t out_channels = 0;
  std::int64_t stride = 1;
  std::vector<std::int64_t> kernel_choices;  // ascending, odd; the weight is stored at the last
  std::int64_t max_mid_channels = 0;
};

// A block's tensors for its active choices, by the names a block of exactly those choices
// gives its own parameters and buffers (so one can be copied into the other).
using NamedTensors = std::vector<std::pair<std::string, torch::Tensor>>;

// 1x1 expand, kxk depthwise, 1x1 project, each followed by BN, ReLU6 after the first two, and an
// identity skip when the stride is 1 and the widths match. Elastic kernel (once-for-all): the
// depthwise weight is stored at the largest kernel; each smaller kernel is the centre crop of
// the next larger one's effective weight, mapped through a learned per-block matrix (one per
// step, identity at start, shared by all channels). Elastic width: the first `mid` channels of
// expand / depthwise / their BNs and the first `mid` input channels of project.
// A block with one kernel choice and max_mid_channels = mid is a plain fixed block: that is
// what extraction builds.
class ElasticBlockImpl : public torch::nn::Module, public Quantizable {
 public:
  explicit ElasticBlockImpl(ElasticBlockShape shape);

  // Throws std::invalid_argument for a kernel not among the choices or a width out of range.
  void set_active(std::int64_t kernel, std::int64_t mid_channels);
  torch::Tensor forward(const torch::Tensor& input);

  // The quantization policy: both 1x1 convs at (pw_w, pw_a), the depthwise conv at (dw_w,
  // dw_a), activation bits applying to each conv's input. The expand conv's input (the block
  // input, a linear bottleneck) is signed; the others follow ReLU6 and are unsigned.
  void set_bits(int pw_w, int pw_a, int dw_w, int dw_a);
  std::vector<LayerQuant*> quant_layers() override;

  // The depthwise weight [mid, 1, k, k] of the active choices (the stored one when k is the
  // largest kernel, else computed through the transformation matrices).
  torch::Tensor active_depthwise_weight() const;

  // The tensors the active choices use: slices (views) of the stored ones, except a depthwise
  // weight that had to be transformed.
  NamedTensors active_tensors() const;

  // Reorders the mid channels by importance (L1 norm of the project weights that read each
  // channel), largest first, permuting expand, depthwise, project and both BNs consistently:
  // the full-width block computes the same function, and narrow widths keep the strongest.
  // No channel crosses a width in `fixed_boundaries` (ascending, each < max_mid_channels):
  // channels are sorted within [0, b_0), [b_0, b_1), ... — once-for-all's later width phases,
  // which must not reshuffle the channels that the widths trained earlier rely on.
  void sort_mid_channels(const std::vector<std::int64_t>& fixed_boundaries = {});

  const ElasticBlockShape& shape() const { return shape_; }
  std::int64_t active_kernel() const { return active_kernel_; }
  std::int64_t active_mid_channels() const { return active_mid_; }
  bool has_residual() const;

  torch::Tensor expand_weight;     // [max_mid, in, 1, 1]
  torch::Tensor depthwise_weight;  // [max_mid, 1, K, K], K = the largest kernel
  torch::Tensor project_weight;    // [out, max_mid, 1, 1]
  // kernel_transforms[i] maps kernel_choices[i + 1]'s centre crop to kernel_choices[i]:
  // [k_i^2, k_i^2], applied as crop · matrixᵀ.
  std::vector<torch::Tensor> kernel_transforms;
  DynamicBatchNorm expand_bn{nullptr};
  DynamicBatchNorm depthwise_bn{nullptr};
  DynamicBatchNorm project_bn{nullptr};

 private:
  ElasticBlockShape shape_;
  std::int64_t active_kernel_;
  std::int64_t active_mid_;
  LayerQuant expand_quant_;
  LayerQuant depthwise_quant_;
  LayerQuant project_quant_;
};
TORCH_MODULE(ElasticBlock);

// Copies each named tensor into the tensor of the same name (parameter or buffer) of `target`;
// every name must exist there with the same shape.
void copy_named_tensors(const NamedTensors& source, torch::nn::Module& target);

}  // namespace apq::nn
