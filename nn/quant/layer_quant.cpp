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

// The FrozenWeights scope in force (0: none). Scopes nest; the outermost numbers them.
std::uint64_t frozen_generation = 0;
std::uint64_t generations_used = 0;
int frozen_depth = 0;

// BN folded into the conv weights (w·γ/σ, β − μ·γ/σ), the weights quantized if the layer is.
std::pair<torch::Tensor, torch::Tensor> folded_weights(const torch::Tensor& weight, DynamicBatchNormImpl& bn,
                                                       LayerQuant& quant) {
  const bool reusable = frozen_generation != 0 && quant.mode != QuantMode::Calibrate && !at::GradMode::is_enabled();
  if (reusable && quant.frozen_generation == frozen_generation) return {quant.frozen_weight, quant.frozen_bias};
  const auto [scale, shift] = bn.folding(weight.size(0));
  torch::Tensor folded = weight * scale.reshape({-1, 1, 1, 1});
  if (quant.active()) folded = quantize_weight(folded, quant);
  if (reusable) {
    quant.frozen_weight = folded;
    quant.frozen_bias = shift;
    quant.frozen_generation = frozen_generation;
  }
  return {folded, shift};
}

}  // namespace

FrozenWeights::FrozenWeights() {
  if (frozen_depth++ == 0) frozen_generation = ++generations_used;
}

FrozenWeights::~FrozenWeights() {
  if (--frozen_depth == 0) frozen_generation = 0;
}

torch::Tensor quantized_input(const torch::Tensor& input, LayerQuant& quant) {
  return quant.active() ? quantize_input(input, quant) : input;
}

torch::Tensor conv_bn(const torch::Tensor& input, const torch::Tensor& weight, DynamicBatchNormImpl& bn,
                      const ConvGeometry& geometry, LayerQuant& quant, bool input_quantized) {
  if (!quant.active() && bn.is_training()) return bn.forward(run_conv(input, weight, geometry));
  // BN with fixed statistics is an affine map: folded into the convolution, it costs no pass
  // over the activations (in inference, BN alone took as long as all convolutions).
  const torch::Tensor x = input_quantized ? input : quantized_input(input, quant);
  const auto [folded, shift] = folded_weights(weight, bn, quant);
  return run_conv(x, folded, geometry, shift);
}

torch::Tensor quantized_linear(const torch::Tensor& input, const torch::Tensor& weight,
                               const torch::Tensor& bias, LayerQuant& quant) {
  if (!quant.active()) return run_linear(input, weight, bias);
  return run_linear(quantize_input(input, quant), quantize_weight(weight, quant), bias);
}

}  // namespace apq::nn
