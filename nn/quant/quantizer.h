#pragma once
#include <torch/types.h>

#include <vector>

namespace apq::nn {

// Linear fake quantization (HAQ / APQ), with straight-through gradients: the forward value is
// on the b-bit grid, the backward pass treats rounding as the identity.

// Symmetric weights, one threshold per output channel (dim 0): c_j = clip_ratio · max|w_j|,
// scale_j = c_j / (2^(b-1) − 1), w_q = round(clamp(w, −c_j, c_j) / scale_j) · scale_j.
// Per-channel scales because BatchNorm is folded into the weights first, which gives each
// output channel its own range; an integer accelerator applies them in the per-channel
// requantization of its accumulators.
torch::Tensor fake_quantize_weight(const torch::Tensor& weight, int bits, double clip_ratio = 1.0);

// Activations with a clipping range r (a scalar tensor; gradients reach it for inputs clipped
// at ±r, as in PACT / HAQ's trainable range). Unsigned (inputs after ReLU6): scale r/(2^b − 1)
// on [0, r]; signed (a block's input, the image): scale r/(2^(b−1) − 1) on [−r, r].
torch::Tensor fake_quantize_activation(const torch::Tensor& input, int bits, const torch::Tensor& range,
                                       bool is_signed);

// The clipping ratio (0, 1] of `magnitudes` (|w| / max|w| of its channel, each in [0, 1]) that
// loses the least information at b bits: HAQ's calibration, which clips weights below 5 bits
// where the symmetric KL divergence between the cumulative distribution (a sqrt(N)-bin
// histogram) and its version resampled to 2^(b-1) levels up to the threshold is smallest.
double kl_clip_ratio(const std::vector<float>& magnitudes, int bits);

// The per-channel normalised magnitudes kl_clip_ratio takes, of a weight [out, ...].
std::vector<float> channel_normalised_magnitudes(const torch::Tensor& weight);

}  // namespace apq::nn
