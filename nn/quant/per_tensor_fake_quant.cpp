#include "nn/quant/per_tensor_fake_quant.h"

#include <ATen/Parallel.h>

#include <algorithm>

namespace apq::nn {
namespace {

// Adding and subtracting 1.5·2^23 rounds a float of magnitude below 2^22 to an integer in the
// current rounding mode (to nearest, ties to even: what std::nearbyint does), and unlike
// nearbyint it vectorises without SSE4.1. The value is clamped first, so |v| ≤ 2^15 here.
constexpr float kRoundingShift = 12582912.0f;

}  // namespace

torch::Tensor fake_quantize_per_tensor(const torch::Tensor& input, double scale, std::int64_t low,
                                       std::int64_t high) {
  const bool direct = input.scalar_type() == torch::kFloat && input.is_non_overlapping_and_dense() &&
                      low >= -32768 && high <= 32767;
  if (!direct) return at::fake_quantize_per_tensor_affine(input.detach(), scale, 0, low, high);
  // empty_like keeps the strides of a dense tensor, so input and output share one element order.
  torch::Tensor output = at::empty_like(input);
  const float step = static_cast<float>(scale);
  const float inverse = 1.0f / step;
  const auto lower = static_cast<float>(low);
  const auto upper = static_cast<float>(high);
  const float* in = input.data_ptr<float>();
  float* out = output.data_ptr<float>();
  at::parallel_for(0, input.numel(), /*grain_size=*/32768, [&](std::int64_t begin, std::int64_t end) {
    for (std::int64_t i = begin; i < end; ++i) {
      const float clamped = std::min(std::max(in[i] * inverse, lower), upper);
      out[i] = ((clamped + kRoundingShift) - kRoundingShift) * step;
    }
  });
  return output;
}

}  // namespace apq::nn
