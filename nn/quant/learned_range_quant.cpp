#include "nn/quant/learned_range_quant.h"

#include <ATen/Parallel.h>
#include <torch/autograd.h>

#include <algorithm>
#include <array>

#include "nn/quant/per_tensor_fake_quant.h"

namespace apq::nn {
namespace {

// The lower bound r is clamped to, as the range's clamp_min(1e-6) did (no gradient below it).
constexpr float kSmallestRange = 1e-6f;

// Gradient weights of one input element: to itself (1 inside, ½ on a bound, 0 outside) and to
// the range (1 above r, ½ at r; minus the same below −r when signed).
struct Weights {
  float input;
  float range;
};

inline Weights gradient_weights(float x, float lower, float upper, bool is_signed) {
  const float input = (x > lower && x < upper) ? 1.0f : (x == lower || x == upper) ? 0.5f : 0.0f;
  float range = x > upper ? 1.0f : x == upper ? 0.5f : 0.0f;
  if (is_signed) range -= x < lower ? 1.0f : x == lower ? 0.5f : 0.0f;
  return {input, range};
}

class LearnedRangeFakeQuant : public torch::autograd::Function<LearnedRangeFakeQuant> {
 public:
  static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& input,
                               const torch::Tensor& range, double levels, bool is_signed) {
    const float r = range.item<float>();
    const float upper = std::max(r, kSmallestRange);
    ctx->save_for_backward({input});
    ctx->saved_data["upper"] = static_cast<double>(upper);
    ctx->saved_data["is_signed"] = is_signed;
    ctx->saved_data["range_clamped"] = r < kSmallestRange;
    const auto top = static_cast<std::int64_t>(levels);
    return fake_quantize_per_tensor(input, static_cast<double>(upper) / levels, is_signed ? -top : 0, top);
  }

  static torch::autograd::tensor_list backward(torch::autograd::AutogradContext* ctx,
                                               torch::autograd::tensor_list grad_outputs) {
    const torch::Tensor input = ctx->get_saved_variables()[0];
    const auto upper = static_cast<float>(ctx->saved_data["upper"].toDouble());
    const bool is_signed = ctx->saved_data["is_signed"].toBool();
    const float lower = is_signed ? -upper : 0.0f;
    // Elementwise: any layout will do as long as input and gradient share it.
    const auto format = input.suggest_memory_format();
    const torch::Tensor x = input.contiguous(format);
    const torch::Tensor grad = grad_outputs[0].contiguous(format);
    TORCH_CHECK(x.scalar_type() == torch::kFloat && grad.scalar_type() == torch::kFloat,
                "fake_quantize_learned_range works on float tensors");
    const bool want_input = ctx->needs_input_grad(0);
    torch::Tensor grad_input = want_input ? at::empty_like(x) : torch::Tensor();
    const float* xs = x.data_ptr<float>();
    const float* gs = grad.data_ptr<float>();
    float* out = want_input ? grad_input.data_ptr<float>() : nullptr;
    const double range_grad = at::parallel_reduce(
        0, x.numel(), /*grain_size=*/32768, 0.0,
        [&](std::int64_t begin, std::int64_t end, double sum) {
          for (std::int64_t i = begin; i < end; ++i) {
            const Weights w = gradient_weights(xs[i], lower, upper, is_signed);
            if (out != nullptr) out[i] = gs[i] * w.input;
            sum += static_cast<double>(gs[i] * w.range);
          }
          return sum;
        },
        [](double a, double b) { return a + b; });
    const bool clamped = ctx->saved_data["range_clamped"].toBool();
    torch::Tensor grad_range = torch::full({}, clamped ? 0.0 : range_grad, torch::kFloat);
    return {grad_input, grad_range, torch::Tensor(), torch::Tensor()};
  }
};

}  // namespace

torch::Tensor fake_quantize_learned_range(const torch::Tensor& input, const torch::Tensor& range, double levels,
                                          bool is_signed) {
  return LearnedRangeFakeQuant::apply(input, range, levels, is_signed);
}

}  // namespace apq::nn
