#include "sim/inference/integer_execution.h"

#include <algorithm>
#include <limits>

#include "sim/cosim/integer_conv.h"

namespace apq::sim::inference {
namespace {

std::int32_t saturate(std::int64_t value) {
  return static_cast<std::int32_t>(std::clamp<std::int64_t>(value, std::numeric_limits<std::int32_t>::min(),
                                                            std::numeric_limits<std::int32_t>::max()));
}

std::int32_t finish(const IntegerLayer& layer, std::int32_t value, const Requantization& r) {
  return std::clamp(requantize(value, r), layer.output_min, layer.output_max);
}

}  // namespace

std::vector<std::int32_t> quantize_image(const IntegerNetwork& network, const std::uint8_t* pixels) {
  const std::size_t plane = static_cast<std::size_t>(network.input_size) * network.input_size;
  std::vector<std::int32_t> out(plane * network.input_channels);
  for (std::size_t c = 0; c < static_cast<std::size_t>(network.input_channels); ++c)
    for (std::size_t p = 0; p < plane; ++p) out[c * plane + p] = network.input_table[c][pixels[c * plane + p]];
  return out;
}

std::vector<std::int32_t> finish_array_layer(const IntegerLayer& layer, const std::vector<std::int32_t>& sums) {
  const std::size_t channels = static_cast<std::size_t>(layer.shape.cout);
  const std::size_t pixels = sums.size() / channels;
  std::vector<std::int32_t> out(sums.size());
  for (std::size_t c = 0; c < channels; ++c) {
    const auto bias = static_cast<std::uint32_t>(layer.bias[c]);
    for (std::size_t p = 0; p < pixels; ++p) {
      const auto sum = static_cast<std::int32_t>(static_cast<std::uint32_t>(sums[c * pixels + p]) + bias);
      out[c * pixels + p] = finish(layer, sum, layer.requantization[c]);
    }
  }
  return out;
}

std::vector<std::int32_t> run_vector_layer(const IntegerLayer& layer, const std::vector<std::int32_t>& input,
                                           const std::vector<std::int32_t>& skip) {
  const Requantization& r = layer.requantization.front();
  if (layer.op == LayerOp::Add) {
    std::vector<std::int32_t> out(input.size());
    // A multiplication, not skip << shift: shifting a negative value left is undefined in C++17.
    const std::int64_t skip_scale = std::int64_t{1} << layer.skip_shift;
    for (std::size_t i = 0; i < input.size(); ++i)
      out[i] = finish(layer, saturate(std::int64_t{input[i]} + std::int64_t{skip[i]} * skip_scale), r);
    return out;
  }
  const LayerShape& s = layer.shape;
  const int side = output_size(s);
  std::vector<std::int32_t> out(static_cast<std::size_t>(s.cout) * side * side);
  std::size_t index = 0;
  for (int c = 0; c < s.cout; ++c)
    for (int y = 0; y < side; ++y)
      for (int x = 0; x < side; ++x) {
        std::int64_t sum = 0;
        for (int i = 0; i < s.kernel; ++i)
          for (int j = 0; j < s.kernel; ++j) {
            const int iy = y * s.stride - s.padding + i;
            const int ix = x * s.stride - s.padding + j;
            if (iy < 0 || iy >= s.in_size || ix < 0 || ix >= s.in_size) continue;
            sum += input[(static_cast<std::size_t>(c) * s.in_size + iy) * s.in_size + ix];
          }
        out[index++] = finish(layer, saturate(sum), r);
      }
  return out;
}

LayerOutputs run_integer_network(const IntegerNetwork& network, const std::uint8_t* pixels) {
  LayerOutputs outputs;
  std::vector<std::int32_t> input = quantize_image(network, pixels);
  for (std::size_t i = 0; i < network.layers.size(); ++i) {
    const IntegerLayer& layer = network.layers[i];
    const std::vector<std::int32_t>& previous = i == 0 ? input : outputs.back();
    if (runs_on_array(layer.op)) {
      LayerShape shape = layer.shape;
      shape.batch = 1;
      outputs.push_back(finish_array_layer(layer, cosim::integer_convolution(shape, previous, layer.weights)));
    } else {
      const int skip = layer.op == LayerOp::Add ? layer_index(network, layer.skip) : -1;
      outputs.push_back(run_vector_layer(layer, previous, skip >= 0 ? outputs[static_cast<std::size_t>(skip)]
                                                                     : std::vector<std::int32_t>{}));
    }
  }
  return outputs;
}

int predicted_class(const std::vector<std::int32_t>& logits) {
  return static_cast<int>(std::max_element(logits.begin(), logits.end()) - logits.begin());
}

}  // namespace apq::sim::inference
