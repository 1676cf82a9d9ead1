#pragma once
#include <torch/types.h>

#include <cstdint>

#include "nn/supernet/depthwise_conv.h"

namespace apq::nn {

// How a convolution slides over its input.
struct ConvGeometry {
  std::int64_t stride = 1;
  std::int64_t padding = 0;
  std::int64_t groups = 1;
};

// Every convolution and linear layer of the supernet and of its extracted sub-networks runs
// through these two functions, called by nn/quant/layer_quant.h's conv_bn / quantized_linear,
// which fake-quantize weights and inputs first when the layer's quantization is on.
// Activations are kept channels-last (NHWC): oneDNN's depthwise kernels run about twice as fast
// on it as on NCHW (measured with apq_nn_train_throughput), and BN and the following convs
// keep the layout.
// `bias` (per output channel, may be undefined) is added inside the convolution when no
// gradient is recorded; the depthwise kernel with its own backward adds it after.
inline torch::Tensor run_conv(const torch::Tensor& input, const torch::Tensor& weight,
                              const ConvGeometry& geometry, const torch::Tensor& bias = {}) {
  const torch::Tensor nhwc = input.contiguous(at::MemoryFormat::ChannelsLast);
  const bool depthwise = geometry.groups > 1 && geometry.groups == input.size(1) &&
                         weight.size(0) == geometry.groups && weight.size(1) == 1;
  if (depthwise && at::GradMode::is_enabled()) {
    const torch::Tensor out = depthwise_conv(nhwc, weight, geometry.stride, geometry.padding);
    return bias.defined() ? out + bias.reshape({1, -1, 1, 1}) : out;
  }
  return at::conv2d(nhwc, weight, bias, {geometry.stride, geometry.stride},
                    {geometry.padding, geometry.padding}, /*dilation=*/{1, 1}, geometry.groups);
}

// ReLU6 in place on a fresh BN output (BN's backward does not need its output, so this saves
// an allocation and a pass over memory per activation).
inline torch::Tensor relu6_in_place(torch::Tensor x) { return at::hardtanh_(x, 0.0, 6.0); }

inline torch::Tensor run_linear(const torch::Tensor& input, const torch::Tensor& weight,
                                const torch::Tensor& bias) {
  return at::linear(input, weight, bias);
}

}  // namespace apq::nn
