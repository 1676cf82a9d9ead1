#pragma once
#include <cstdint>
#include <vector>

#include "layer/integer_network.h"

namespace apq::sim::inference {

// Every layer's output for one image, [channels][size][size] each, in the network's layer order.
using LayerOutputs = std::vector<std::vector<std::int32_t>>;

// The image's integers: pixel bytes [channels][size][size] through the network's input table.
std::vector<std::int32_t> quantize_image(const IntegerNetwork& network, const std::uint8_t* pixels);

// What the vector unit does with an array layer's accumulators ([cout][pixels], 32-bit sums as
// the array leaves them in the OBUF): adds the bias (32-bit wrap-around, like the accumulator),
// requantizes per output channel and clamps.
std::vector<std::int32_t> finish_array_layer(const IntegerLayer& layer, const std::vector<std::int32_t>& sums);

// A vector-unit layer (add, avgpool): `input` is the previous layer's output, `skip` an addition's
// second operand (ignored otherwise).
std::vector<std::int32_t> run_vector_layer(const IntegerLayer& layer, const std::vector<std::int32_t>& input,
                                           const std::vector<std::int32_t>& skip);

// The golden integer model of the whole network: array layers by their definition
// (cosim::integer_convolution), then finish_array_layer; vector layers by run_vector_layer.
LayerOutputs run_integer_network(const IntegerNetwork& network, const std::uint8_t* pixels);

// The class with the largest logit (the last layer's output); the first on ties.
int predicted_class(const std::vector<std::int32_t>& logits);

}  // namespace apq::sim::inference
