#pragma once
#include "layer/integer_network.h"
#include "nn/data/image_dataset.h"
#include "nn/quant/quantized_network.h"

namespace apq::nn {

// The integer network that a quantized sub-network computes (nn/README.md, "The integer
// network"): BN-folded weights on their per-channel grids, int32 biases at scale
// S_in x S_w[c], each layer's accumulators requantized to the scale its consumer quantizes its
// input at, ReLU6 as the clamp, the image quantization folded into a 256-entry table per channel.
// Throws apq::InputError when a layer is not quantized or a value does not fit its integer.
IntegerNetwork export_integer_network(QuantizedNetwork& qnet, const ChannelStats& normalisation);

}  // namespace apq::nn
