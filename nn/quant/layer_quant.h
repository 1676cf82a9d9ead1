#pragma once
#include <torch/types.h>

#include <cstdint>

#include "nn/supernet/layer_calls.h"

namespace apq::nn {

class DynamicBatchNormImpl;

// What a quantizable layer does with its weights and input.
enum class QuantMode {
  Off,        // fp32, BatchNorm as trained (what the supernet trains and recalibrates in)
  Calibrate,  // fp32 activations; each forward widens the activation ranges to what it sees
  On,         // BN folded into the weights, weights and input fake-quantized
};

// The quantization of one convolution or linear layer: its bits (0: stays fp32), whether its
// input is signed (a block's input and the image: symmetric; after ReLU6: unsigned), the input
// clipping range (learnable in QAT), and the weights' clipping ratio (KL-calibrated below 5 bits).
// Not a registered parameter, so that fp32 checkpoints load unchanged; quantized networks save
// it themselves (nn/quant/quantized_network.h).
struct LayerQuant {
  int weight_bits = 0;
  int activation_bits = 0;
  bool signed_input = false;
  QuantMode mode = QuantMode::Off;
  torch::Tensor activation_range = torch::zeros({});  // scalar
  double weight_clip_ratio = 1.0;
  // The folded (and quantized) weights and bias, valid in the FrozenWeights scope numbered
  // `frozen_generation`.
  torch::Tensor frozen_weight;
  torch::Tensor frozen_bias;
  std::uint64_t frozen_generation = 0;

  bool active() const { return mode != QuantMode::Off && weight_bits > 0; }
};

// While one of these lives, parameters, BN statistics, quantization settings and the active
// sub-network are constant and no gradient is recorded (an evaluation pass): each layer folds
// and quantizes its weights on the first batch and reuses them for the others, instead of
// recomputing them per batch (a quarter of a quantized evaluation).
class FrozenWeights {
 public:
  FrozenWeights();
  ~FrozenWeights();
  FrozenWeights(const FrozenWeights&) = delete;
  FrozenWeights& operator=(const FrozenWeights&) = delete;
};

// conv → BN, as the layer's mode says. With quantization on, BN is folded into the conv with
// its running statistics (frozen, as in Jacob et al.'s integer-only training after BN
// freezing): w' = w·γ/σ, b' = β − μ·γ/σ, then w' is quantized per output channel and the input
// per tensor. That is what the integer accelerator computes: a conv of integers plus an int32
// bias, requantized per channel.
// `input_quantized`: the caller passes what quantized_input returned for this layer (the input is
// not quantized twice).
torch::Tensor conv_bn(const torch::Tensor& input, const torch::Tensor& weight, DynamicBatchNormImpl& bn,
                      const ConvGeometry& geometry, LayerQuant& quant, bool input_quantized = false);

// The input as the layer reads it: fake-quantized on its grid when its quantization is on (in
// Calibrate mode unchanged, the range widened to it). An inverted-residual block quantizes its
// input once and adds that same tensor as the skip, as the integer network does (one tensor,
// one grid, read by the expand convolution and by the addition).
torch::Tensor quantized_input(const torch::Tensor& input, LayerQuant& quant);

// A linear layer with bias, its weights and input quantized as the mode says.
torch::Tensor quantized_linear(const torch::Tensor& input, const torch::Tensor& weight,
                               const torch::Tensor& bias, LayerQuant& quant);

}  // namespace apq::nn
