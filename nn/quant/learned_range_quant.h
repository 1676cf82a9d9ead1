#pragma once
#include <torch/types.h>

namespace apq::nn {

// Per-tensor fake quantization of `input` to `levels` steps of r / levels on [0, r] (unsigned) or
// [−r, r] (signed), r = max(range, 1e-6), with straight-through gradients: the input's is the
// identity inside the range and zero outside it, the range collects the gradient of the inputs
// clipped at ±r (PACT). Its values and gradients are those of the composition
// min(max(x, lower), upper) plus straight-through rounding, ties included (half the gradient
// each way at x = ±r, as autograd's max / min split it), in one pass forward
// (fake_quantize_per_tensor) and one backward: the composition took about a dozen passes over every activation
// and was half of a QAT step (docs/benchmarks.md, "QAT throughput").
torch::Tensor fake_quantize_learned_range(const torch::Tensor& input, const torch::Tensor& range, double levels,
                                          bool is_signed);

}  // namespace apq::nn
