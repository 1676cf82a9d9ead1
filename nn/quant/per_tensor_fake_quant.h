#pragma once
#include <torch/types.h>

#include <cstdint>

namespace apq::nn {

// round(x / scale) clamped to [low, high], times scale: the values of PyTorch's
// fake_quantize_per_tensor_affine with zero point 0, bit for bit (rounding half to even, the
// reciprocal of the float scale as multiplier), without a gradient. PyTorch's CPU kernel is a
// scalar loop through 64-bit integers that also writes a mask; this one vectorises, and was most
// of the time of a quantized evaluation (docs/benchmarks.md, "Sample cost").
torch::Tensor fake_quantize_per_tensor(const torch::Tensor& input, double scale, std::int64_t low, std::int64_t high);

}  // namespace apq::nn
