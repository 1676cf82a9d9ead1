#include "nn/quant/integer_reference.h"

#include <torch/torch.h>

#include <limits>

namespace apq::nn {
namespace {

constexpr std::int64_t kLowest = std::numeric_limits<std::int32_t>::min();
constexpr std::int64_t kHighest = std::numeric_limits<std::int32_t>::max();

torch::Tensor long_tensor(const std::vector<std::int32_t>& values) {
  return torch::tensor(std::vector<std::int64_t>(values.begin(), values.end()), torch::kLong);
}

// Two's-complement wrap to 32 bits, as the accumulator does.
torch::Tensor wrap32(const torch::Tensor& x) { return x.to(torch::kInt).to(torch::kLong); }

// round(x / 2^e), half away from zero, for e >= 0 per channel (a tensor broadcasting over x).
torch::Tensor round_shift(const torch::Tensor& x, const torch::Tensor& exponent) {
  const torch::Tensor divisor = torch::pow(torch::full_like(exponent, 2), exponent);
  const torch::Tensor half = torch::div(divisor, 2, "floor");
  return torch::sign(x) * torch::div(x.abs() + half, divisor, "floor");
}

// requantize (layer/requantization.h) on int64 tensors holding int32 values; `multiplier` and
// `shift` broadcast over x (per channel: [1, C, 1, 1]).
torch::Tensor requantize(const torch::Tensor& x, const torch::Tensor& multiplier, const torch::Tensor& shift) {
  const torch::Tensor left = torch::clamp_min(-shift, 0);
  const torch::Tensor scaled = torch::clamp(x * torch::pow(torch::full_like(left, 2), left), kLowest, kHighest);
  const torch::Tensor product = scaled * multiplier;  // |product| < 2^62
  const torch::Tensor high = torch::sign(product) * torch::div(product.abs() + (std::int64_t{1} << 30),
                                                               std::int64_t{1} << 31, "floor");
  return round_shift(high, torch::clamp_min(shift, 0));
}

torch::Tensor finish(const torch::Tensor& x, const IntegerLayer& layer) {
  std::vector<std::int32_t> multipliers, shifts;
  for (const Requantization& r : layer.requantization) {
    multipliers.push_back(r.multiplier);
    shifts.push_back(r.shift);
  }
  const std::int64_t channels = static_cast<std::int64_t>(multipliers.size());
  const torch::Tensor m = long_tensor(multipliers).reshape({1, channels, 1, 1});
  const torch::Tensor s = long_tensor(shifts).reshape({1, channels, 1, 1});
  return torch::clamp(requantize(x, m, s), layer.output_min, layer.output_max);
}

torch::Tensor array_layer(const torch::Tensor& x, const IntegerLayer& layer) {
  const LayerShape& s = layer.shape;
  const torch::Tensor w = long_tensor(layer.weights).reshape({s.cout, s.cin / s.groups, s.kernel, s.kernel});
  const torch::Tensor input = layer.op == LayerOp::FullyConnected ? x.reshape({x.size(0), s.cin, 1, 1}) : x;
  const torch::Tensor sums = wrap32(torch::conv2d(input, w, {}, s.stride, s.padding, 1, s.groups));
  return finish(wrap32(sums + long_tensor(layer.bias).reshape({1, s.cout, 1, 1})), layer);
}

torch::Tensor window_sums(const torch::Tensor& x, const LayerShape& s) {
  const int out = output_size(s);
  const torch::Tensor padded = torch::constant_pad_nd(x, {s.padding, s.padding, s.padding, s.padding}, 0);
  torch::Tensor sum = torch::zeros({x.size(0), x.size(1), out, out}, torch::kLong);
  for (int i = 0; i < s.kernel; ++i)
    for (int j = 0; j < s.kernel; ++j)
      sum += padded.slice(2, i, i + (out - 1) * s.stride + 1, s.stride).slice(3, j, j + (out - 1) * s.stride + 1, s.stride);
  return sum;
}

}  // namespace

std::vector<torch::Tensor> integer_reference(const IntegerNetwork& network, const torch::Tensor& images) {
  torch::NoGradGuard no_grad;
  std::vector<torch::Tensor> planes;
  for (int c = 0; c < network.input_channels; ++c)
    planes.push_back(long_tensor(network.input_table[static_cast<std::size_t>(c)])
                         .index({images.select(1, c).to(torch::kLong)}));
  torch::Tensor x = torch::stack(planes, 1);
  std::vector<torch::Tensor> outputs;
  for (const IntegerLayer& layer : network.layers) {
    if (runs_on_array(layer.op)) {
      x = array_layer(x, layer);
    } else if (layer.op == LayerOp::Add) {
      const torch::Tensor skip = outputs[static_cast<std::size_t>(layer_index(network, layer.skip))].to(torch::kLong);
      x = finish(torch::clamp(x + skip * (std::int64_t{1} << layer.skip_shift), kLowest, kHighest), layer);
    } else {
      x = finish(torch::clamp(window_sums(x, layer.shape), kLowest, kHighest), layer);
    }
    outputs.push_back(x.to(torch::kInt));
  }
  return outputs;
}

}  // namespace apq::nn
