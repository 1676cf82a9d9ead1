#include "nn/supernet/depthwise_conv.h"

#include <ATen/Parallel.h>
#include <torch/autograd.h>

#include <array>
#include <tuple>

namespace apq::nn {
namespace {

// acc[c] += a[c] * b[c]: the inner loop of the weight gradient, over contiguous channels.
// Compiled twice and picked at load time, so AVX2 + FMA is used where the CPU has it without
// requiring it of every machine the binary runs on.
#if defined(__GNUC__) && defined(__x86_64__)
__attribute__((target_clones("avx2,fma", "default")))
#endif
void multiply_accumulate(float* acc, const float* a, const float* b, std::int64_t n) {
  for (std::int64_t i = 0; i < n; ++i) acc[i] += a[i] * b[i];
}

// oneDNN's 3x3 weight gradient is as fast as the loop; its larger ones are not.
constexpr std::int64_t kLargestOneDnnKernel = 3;

class DepthwiseConvFunction : public torch::autograd::Function<DepthwiseConvFunction> {
 public:
  static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& input,
                               const torch::Tensor& weight, std::int64_t stride,
                               std::int64_t padding) {
    ctx->save_for_backward({input, weight});
    ctx->saved_data["stride"] = stride;
    ctx->saved_data["padding"] = padding;
    return at::conv2d(input, weight, /*bias=*/{}, {stride, stride}, {padding, padding},
                      /*dilation=*/{1, 1}, /*groups=*/input.size(1));
  }

  static torch::autograd::tensor_list backward(torch::autograd::AutogradContext* ctx,
                                               torch::autograd::tensor_list grad_outputs) {
    const auto saved = ctx->get_saved_variables();
    const torch::Tensor& input = saved[0];
    const torch::Tensor& weight = saved[1];
    const std::int64_t stride = ctx->saved_data["stride"].toInt();
    const std::int64_t padding = ctx->saved_data["padding"].toInt();
    const std::int64_t kernel = weight.size(2);
    const torch::Tensor& grad_output = grad_outputs[0];

    const bool loop_weight_gradient = kernel > kLargestOneDnnKernel;
    const std::array<bool, 3> onednn_mask{ctx->needs_input_grad(0),
                                          ctx->needs_input_grad(1) && !loop_weight_gradient, false};
    torch::Tensor grad_input, grad_weight;
    if (onednn_mask[0] || onednn_mask[1]) {
      std::tie(grad_input, grad_weight, std::ignore) = at::convolution_backward(
          grad_output, input, weight, /*bias_sizes=*/c10::nullopt, {stride, stride},
          {padding, padding}, /*dilation=*/{1, 1}, /*transposed=*/false,
          /*output_padding=*/{0, 0}, /*groups=*/input.size(1), onednn_mask);
    }
    if (ctx->needs_input_grad(1) && loop_weight_gradient) {
      grad_weight = depthwise_weight_gradient(input, grad_output, kernel, stride, padding);
    }
    return {grad_input, grad_weight, torch::Tensor(), torch::Tensor()};
  }
};

}  // namespace

torch::Tensor depthwise_conv(const torch::Tensor& input, const torch::Tensor& weight,
                             std::int64_t stride, std::int64_t padding) {
  TORCH_CHECK(weight.dim() == 4 && weight.size(1) == 1 && weight.size(0) == input.size(1),
              "depthwise_conv needs a weight [C, 1, k, k] for C input channels");
  return DepthwiseConvFunction::apply(input, weight, stride, padding);
}

torch::Tensor depthwise_weight_gradient(const torch::Tensor& input, const torch::Tensor& grad_output,
                                        std::int64_t kernel, std::int64_t stride,
                                        std::int64_t padding) {
  TORCH_CHECK(input.scalar_type() == torch::kFloat32 && grad_output.scalar_type() == torch::kFloat32,
              "depthwise_weight_gradient works on float tensors");
  // Channels-last puts the channels of one pixel side by side: the inner loop is contiguous.
  const torch::Tensor in = input.contiguous(at::MemoryFormat::ChannelsLast);
  const torch::Tensor grad = grad_output.contiguous(at::MemoryFormat::ChannelsLast);
  const std::int64_t batch = in.size(0), channels = in.size(1), height = in.size(2), width = in.size(3);
  const std::int64_t out_height = grad.size(2), out_width = grad.size(3);
  const float* in_data = in.data_ptr<float>();
  const float* grad_data = grad.data_ptr<float>();

  // One accumulator [k, k, C] per thread, summed at the end: no sharing, no atomics.
  const torch::Tensor partial = torch::zeros({at::get_num_threads(), kernel, kernel, channels});
  float* partial_data = partial.data_ptr<float>();
  at::parallel_for(0, batch, 1, [&](std::int64_t first, std::int64_t last) {
    float* acc = partial_data + at::get_thread_num() * kernel * kernel * channels;
    for (std::int64_t b = first; b < last; ++b) {
      for (std::int64_t y = 0; y < out_height; ++y) {
        for (std::int64_t x = 0; x < out_width; ++x) {
          const float* g = grad_data + ((b * out_height + y) * out_width + x) * channels;
          for (std::int64_t i = 0; i < kernel; ++i) {
            const std::int64_t iy = y * stride + i - padding;
            if (iy < 0 || iy >= height) continue;
            for (std::int64_t j = 0; j < kernel; ++j) {
              const std::int64_t ix = x * stride + j - padding;
              if (ix < 0 || ix >= width) continue;
              multiply_accumulate(acc + (i * kernel + j) * channels, g,
                                  in_data + ((b * height + iy) * width + ix) * channels, channels);
            }
          }
        }
      }
    }
  });
  return partial.sum(0).permute({2, 0, 1}).unsqueeze(1).contiguous();
}

}  // namespace apq::nn
