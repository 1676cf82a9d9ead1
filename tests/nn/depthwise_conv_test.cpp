#include <gtest/gtest.h>
#include <torch/torch.h>

#include "nn/supernet/depthwise_conv.h"

namespace apq::nn {
namespace {

struct Case {
  std::int64_t channels, size, kernel, stride;
};

// Same output and gradients as ATen's own grouped convolution, for every kernel of the
// spaces, both strides, odd sizes and channel counts that are not a multiple of the SIMD width.
TEST(DepthwiseConv, MatchesAtenConvolutionAndItsGradients) {
  torch::manual_seed(4);
  for (const Case c : {Case{16, 9, 3, 1}, Case{16, 9, 5, 1}, Case{16, 9, 7, 1}, Case{5, 7, 7, 2},
                       Case{13, 8, 5, 2}, Case{24, 4, 7, 1}}) {
    const std::int64_t padding = c.kernel / 2;
    const auto input = torch::randn({3, c.channels, c.size, c.size})
                           .contiguous(at::MemoryFormat::ChannelsLast)
                           .requires_grad_(true);
    const auto weight = torch::randn({c.channels, 1, c.kernel, c.kernel}).requires_grad_(true);
    const auto reference_input = input.detach().clone().requires_grad_(true);
    const auto reference_weight = weight.detach().clone().requires_grad_(true);

    const auto output = depthwise_conv(input, weight, c.stride, padding);
    const auto reference = at::conv2d(reference_input, reference_weight, {}, c.stride, padding, 1, c.channels);
    const auto grad_output = torch::randn_like(reference);
    output.backward(grad_output);
    reference.backward(grad_output);

    const std::string name = "C" + std::to_string(c.channels) + " k" + std::to_string(c.kernel) +
                             " s" + std::to_string(c.stride);
    EXPECT_TRUE(torch::allclose(output, reference, 1e-5, 1e-5)) << name;
    EXPECT_TRUE(torch::allclose(input.grad(), reference_input.grad(), 1e-4, 1e-4)) << name;
    EXPECT_TRUE(torch::allclose(weight.grad(), reference_weight.grad(), 1e-4, 1e-3)) << name;
  }
}

TEST(DepthwiseConv, WeightGradientFlowsIntoAComputedWeight) {
  const auto base = torch::randn({8, 1, 5, 5}).requires_grad_(true);
  const auto input = torch::randn({2, 8, 6, 6});
  depthwise_conv(input, base * 2.0, 1, 2).sum().backward();
  const auto reference_base = base.detach().clone().requires_grad_(true);
  at::conv2d(input, reference_base * 2.0, {}, 1, 2, 1, 8).sum().backward();
  EXPECT_TRUE(torch::allclose(base.grad(), reference_base.grad(), 1e-4, 1e-4));
}

}  // namespace
}  // namespace apq::nn
