#include "nn/quant/layer_quant.h"

#include "nn/quant/quantizer.h"
#include "nn/supernet/dynamic_batch_norm.h"

namespace apq::nn {
namespace {

// Off: unchanged. Calibrate: widens the range (capped at ReLU6's 6 for unsigned inputs, as
// HAQ initialises it) and passes the input on. On: fake-quantized.
torch::Tensor quantize_input(const torch::Tensor& input, LayerQuant& quant) {
  if (quant.mode == QuantMode::Calibrate) {
    torch::NoGradGuard no_grad;
    double seen = input.detach().abs().max().item<double>();
    if (!quant.signed_input) seen = std::min(seen, 6.0);
    if (seen > quant.activation_range.item<double>()) quant.activation_range.fill_(seen);
    return input;
  }
  if (quant.mode == QuantMode::On && quant.activation_bits > 0) {
    return fake_quantize_activation(input, quant.activation_bits, quant.activation_range, quant.signed_input);
  }
  return input;
}

torch::Tensor quantize_weight(const torch::Tensor& weight, LayerQuant& quant) {
  if (quant.mode == QuantMode::Calibrate && quant.weight_bits < 5) {
    quant.weight_clip_ratio = kl_clip_ratio(channel_normalised_magnitudes(weight), quant.weight_bits);
  }
  return fake_quantize_weight(weight, quant.weight_bits, quant.weight_clip_ratio);
}

}  // namespace

torch::Tensor conv_bn(const torch::Tensor& input, const torch::Tensor& weight, DynamicBatchNormImpl& bn,
                      const ConvGeometry& geometry, LayerQuant& quant) {
  if (!quant.active()) return bn.forward(run_conv(input, weight, geometry));
  const auto [scale, shift] = bn.folding(weight.size(0));
  const torch::Tensor folded = weight * scale.reshape({-1, 1, 1, 1});
  const torch::Tensor x = quantize_input(input, quant);
  return run_conv(x, quantize_weight(folded, quant), geometry) + shift.reshape({1, -1, 1, 1});
}

torch::Tensor quantized_linear(const torch::Tensor& input, const torch::Tensor& weight,
                               const torch::Tensor& bias, LayerQuant& quant) {
  if (!quant.active()) return run_linear(input, weight, bias);
  return run_linear(quantize_input(input, quant), quantize_weight(weight, quant), bias);
}

}  // namespace apq::nn
