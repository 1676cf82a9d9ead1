#pragma once
#include <cstdint>

#include "layer/integer_network.h"

namespace apq::testing {

// A valid integer network on 6x6 one-channel images with every kind of layer and requantization:
// a signed stem (8-bit) with ReLU6's clamp, a strided depthwise conv (4-bit weights, 6-bit
// unsigned input), a pointwise conv (2-bit weights) left at 32 bits for a residual addition with
// shift 8, a global average pool and a classifier whose factors are above 1 (left shifts).
// Weights and biases are random with `seed`.
IntegerNetwork small_integer_network(std::uint64_t seed);

}  // namespace apq::testing
