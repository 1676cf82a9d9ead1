#pragma once
#include <cstdint>
#include <random>
#include <vector>

#include "layer/layer_shape.h"

namespace apq::sim::cosim {

// Integer operands of one convolution: activations [batch][cin][in][in] and weights
// [cout][cin / groups][k][k], row-major.
struct LayerData {
  std::vector<std::int32_t> activations;
  std::vector<std::int32_t> weights;
};

// Operands uniformly random over their nominal widths: weights signed, activations unsigned
// (after ReLU) unless `signed_activations`.
LayerData random_layer_data(const LayerShape& layer, bool signed_activations, std::mt19937_64& rng);

}  // namespace apq::sim::cosim
