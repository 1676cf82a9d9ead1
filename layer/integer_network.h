#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "layer/layer_op.h"
#include "layer/layer_shape.h"
#include "layer/requantization.h"

namespace apq {

// A quantized network as an integer accelerator runs it: every tensor between layers is an
// integer tensor (real value = scale x integer, zero point 0), every layer maps integers to
// integers. The layers run in order, each reading the previous one's output (the first reads the
// image through the input table); an addition also reads an earlier layer's output (`skip`).
//
// conv, fc   acc[c] = sum of input x weights (32-bit) + bias[c];
//            out[c] = clamp(requantize(acc[c], requantization[c]), output_min, output_max)
// add        out = clamp(requantize(saturate32(input + (skip << skip_shift)), requantization[0]), ...)
// avgpool    out = clamp(requantize(sum of the window, requantization[0]), ...)
//
// The clamp is the activation: [0, round(6 / scale)] for ReLU6, the consumer's signed range for a
// linear bottleneck. requantize is layer/requantization.h's rule.
struct IntegerLayer {
  std::string name;
  LayerOp op = LayerOp::Conv;
  // conv / fc: the convolution (fc: kernel 1 on a 1x1 input); avgpool: cin = cout = channels,
  // in_size, kernel, stride; add: cin = cout = channels, in_size = size. `abits` is the input's
  // width; `wbits` the weights' (conv / fc).
  LayerShape shape;
  bool input_signed = false;
  std::vector<std::int32_t> weights;  // conv / fc: [cout][cin / groups][k][k], signed, wbits wide
  std::vector<std::int32_t> bias;     // conv / fc: [cout]
  std::string skip;                   // add: the layer whose output is the second operand
  int skip_shift = 0;                 // add: 0-24
  std::vector<Requantization> requantization;  // conv / fc: per output channel; else one
  std::int32_t output_min = 0;
  std::int32_t output_max = 0;
  double output_scale = 0;  // real value of one output step (for reading the result)
};

struct IntegerNetwork {
  std::string name;
  int input_channels = 1;
  int input_size = 1;
  // The image's quantization: input_table[c][p] is the integer that pixel byte p of channel c
  // becomes (normalisation and rounding folded in), signed or not, input_bits wide.
  std::vector<std::vector<std::int32_t>> input_table;
  int input_bits = 8;
  bool input_signed = true;
  double input_scale = 0;
  std::vector<IntegerLayer> layers;
};

// Output channels, side and element count of layer `index`'s output (of the image for -1).
struct TensorShape {
  int channels = 0;
  int size = 0;
  std::int64_t elements() const { return static_cast<std::int64_t>(channels) * size * size; }
};
TensorShape output_shape(const IntegerNetwork& network, int index);

// The smallest and largest value a tensor of `bits` may hold: [-2^(bits-1), 2^(bits-1) - 1]
// signed, [0, 2^bits - 1] unsigned.
std::int64_t lowest_value(int bits, bool is_signed);
std::int64_t highest_value(int bits, bool is_signed);

// Checks everything a run relies on and throws apq::InputError naming `origin`, the field
// (`layers[3].weights[17]`) and the value: shapes that chain, operand counts, weights inside
// their bits, every producer's clamp inside its consumer's input width and signedness,
// requantizations in range (multiplier 0 or in [2^30, 2^31), shift -31 to 31), a skip that names
// an earlier layer of the same shape, an input table of 256 values per channel inside its bits.
void validate_integer_network(const IntegerNetwork& network, const std::string& origin);

// Index of the layer called `name`, -1 if none.
int layer_index(const IntegerNetwork& network, const std::string& name);

}  // namespace apq
