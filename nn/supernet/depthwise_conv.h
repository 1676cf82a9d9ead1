#pragma once
#include <torch/types.h>

#include <cstdint>

namespace apq::nn {

// Depthwise convolution (one k x k filter per channel, weight [C, 1, k, k]) with autograd.
// Forward and input gradient are oneDNN's; the weight gradient for k > 3 is our own loop over
// channels-last data, 3-5x faster than oneDNN's on this machine's 2 cores (oneDNN has a fast
// path for 3x3 only, and 5x5 / 7x7 weight gradients made up most of a supernet training step).
torch::Tensor depthwise_conv(const torch::Tensor& input, const torch::Tensor& weight,
                             std::int64_t stride, std::int64_t padding);

// The weight gradient [C, 1, k, k] of a depthwise convolution of `input` [B, C, H, W] whose
// output gradient is `grad_output` [B, C, H', W'], by the loop kernel (any k).
torch::Tensor depthwise_weight_gradient(const torch::Tensor& input, const torch::Tensor& grad_output,
                                        std::int64_t kernel, std::int64_t stride,
                                        std::int64_t padding);

}  // namespace apq::nn
