#include "nn/quant/quantizer.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "nn/quant/learned_range_quant.h"
#include "nn/quant/per_tensor_fake_quant.h"

namespace apq::nn {
namespace {

void check_bits(int bits) {
  if (bits < 2 || bits > 16) throw std::invalid_argument("quantization bits must be in 2..16, got " + std::to_string(bits));
}

double signed_levels(int bits) { return std::ldexp(1.0, bits - 1) - 1.0; }

// `values` as samples at evenly spaced points of [0, 1], linearly interpolated at `count`
// evenly spaced points (numpy.interp on two linspaces).
std::vector<double> resample(const std::vector<double>& values, int count) {
  std::vector<double> out(static_cast<std::size_t>(count));
  const double last = static_cast<double>(values.size() - 1);
  for (int i = 0; i < count; ++i) {
    const double position = count == 1 ? 0.0 : last * i / (count - 1);
    const auto left = static_cast<std::size_t>(std::floor(position));
    const std::size_t right = std::min(left + 1, values.size() - 1);
    const double t = position - static_cast<double>(left);
    out[static_cast<std::size_t>(i)] = values[left] * (1 - t) + values[right] * t;
  }
  return out;
}

// The symmetric (Jeffreys) divergence sum (p − q)·log2(p / q) of two cumulative
// distributions, HAQ's criterion; infinite where one is zero and the other is not.
double symmetric_divergence(const std::vector<double>& p, const std::vector<double>& q) {
  double sum = 0;
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (p[i] == q[i]) continue;
    if (p[i] <= 0 || q[i] <= 0) return std::numeric_limits<double>::infinity();
    sum += (p[i] - q[i]) * std::log2(p[i] / q[i]);
  }
  return sum;
}

}  // namespace

torch::Tensor fake_quantize_weight(const torch::Tensor& weight, int bits, double clip_ratio) {
  check_bits(bits);
  const auto levels = static_cast<std::int64_t>(signed_levels(bits));
  const torch::Tensor flat = weight.detach().reshape({weight.size(0), -1});
  const torch::Tensor scale =
      (std::get<0>(flat.abs().max(1)) * (clip_ratio / static_cast<double>(levels))).clamp_min(1e-12).to(torch::kFloat);
  // PyTorch's fused kernel: round(clamp) on the grid, gradient 1 inside the clipping range and 0
  // outside it, the straight-through estimator.
  return at::fake_quantize_per_channel_affine(weight, scale, torch::zeros({weight.size(0)}, torch::kInt),
                                              /*axis=*/0, -levels, levels);
}

torch::Tensor fake_quantize_activation(const torch::Tensor& input, int bits, const torch::Tensor& range,
                                       bool is_signed) {
  check_bits(bits);
  const double levels = is_signed ? signed_levels(bits) : std::ldexp(1.0, bits) - 1.0;
  if (!(range.requires_grad() && torch::GradMode::is_enabled())) {
    // No gradient for the range: one pass over the tensor.
    const double scale = std::max(range.item<double>(), 1e-6) / levels;
    const auto top = static_cast<std::int64_t>(levels);
    return fake_quantize_per_tensor(input, scale, is_signed ? -top : 0, top);
  }
  return fake_quantize_learned_range(input, range, levels, is_signed);
}

std::vector<float> channel_normalised_magnitudes(const torch::Tensor& weight) {
  const torch::Tensor flat = weight.detach().reshape({weight.size(0), -1}).abs().to(torch::kFloat);
  const torch::Tensor peak = std::get<0>(flat.max(1, /*keepdim=*/true)).clamp_min(1e-12);
  const torch::Tensor normalised = (flat / peak).contiguous();
  const float* data = normalised.data_ptr<float>();
  return std::vector<float>(data, data + normalised.numel());
}

double kl_clip_ratio(const std::vector<float>& magnitudes, int bits) {
  check_bits(bits);
  const float peak = magnitudes.empty() ? 0.0f : *std::max_element(magnitudes.begin(), magnitudes.end());
  if (!(peak > 0)) return 1.0;
  // HAQ's histogram: sqrt(N) bins over [0, max] (numpy's 'sqrt' rule), as a cumulative distribution.
  const auto bins = static_cast<int>(std::ceil(std::sqrt(static_cast<double>(magnitudes.size()))));
  const int quantized = 1 << (bits - 1);
  if (quantized + 1 > bins) return 1.0;
  std::vector<double> cdf(static_cast<std::size_t>(bins), 0.0);
  for (float m : magnitudes) {
    const int bin = std::clamp(static_cast<int>(m / peak * static_cast<float>(bins)), 0, bins - 1);
    cdf[static_cast<std::size_t>(bin)] += 1.0 / static_cast<double>(magnitudes.size());
  }
  for (std::size_t i = 1; i < cdf.size(); ++i) cdf[i] += cdf[i - 1];

  double best = std::numeric_limits<double>::infinity();
  int best_edge = bins;
  for (int edge = quantized + 1; edge <= bins; ++edge) {
    // The distribution clipped at `edge` bins, resampled to the quantized levels and back: the
    // information kept by `quantized` levels up to that threshold.
    std::vector<double> clipped(cdf.begin(), cdf.end());
    std::fill(clipped.begin() + (edge - 1), clipped.end(), 1.0);
    const std::vector<double> coarse = resample(std::vector<double>(clipped.begin(), clipped.begin() + edge), quantized);
    const std::vector<double> fine = resample(coarse, edge);
    std::copy(fine.begin(), fine.end(), clipped.begin());
    const double divergence = symmetric_divergence(cdf, clipped);
    if (divergence < best) {
      best = divergence;
      best_edge = edge;
    }
  }
  return std::min(1.0, (best_edge + 0.5) / static_cast<double>(bins));
}

}  // namespace apq::nn
