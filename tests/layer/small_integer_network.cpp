#include "tests/layer/small_integer_network.h"

#include <limits>
#include <random>

#include "common/random.h"

namespace apq::testing {
namespace {

IntegerLayer array_layer(const std::string& name, LayerShape shape, bool input_signed, std::int32_t low,
                         std::int32_t high, double factor, std::mt19937_64& rng) {
  IntegerLayer layer;
  layer.name = name;
  layer.op = shape.in_size == 1 && shape.kernel == 1 && name == "fc" ? LayerOp::FullyConnected : LayerOp::Conv;
  layer.shape = shape;
  layer.input_signed = input_signed;
  const std::int32_t top = (1 << (shape.wbits - 1)) - 1;
  layer.weights.resize(static_cast<std::size_t>(shape.cout) * (shape.cin / shape.groups) * shape.kernel * shape.kernel);
  for (std::int32_t& w : layer.weights) w = static_cast<std::int32_t>(random_between(rng, -top - 1, top));
  for (int c = 0; c < shape.cout; ++c) {
    layer.bias.push_back(static_cast<std::int32_t>(random_between(rng, -300, 300)));
    // A factor between 0.5x and 2x the layer's, so that channels differ.
    layer.requantization.push_back(requantization_of(factor * static_cast<double>(random_between(rng, 50, 200)) / 100));
  }
  layer.output_min = low;
  layer.output_max = high;
  layer.output_scale = 0.01;
  return layer;
}

LayerShape conv(int cin, int cout, int in, int k, int s, int p, int g, int wbits, int abits) {
  LayerShape shape;
  shape.cin = cin;
  shape.cout = cout;
  shape.in_size = in;
  shape.kernel = k;
  shape.stride = s;
  shape.padding = p;
  shape.groups = g;
  shape.wbits = wbits;
  shape.abits = abits;
  return shape;
}

IntegerLayer vector_layer(const std::string& name, LayerOp op, int channels, int size, double factor,
                          std::int32_t low, std::int32_t high) {
  IntegerLayer layer;
  layer.name = name;
  layer.op = op;
  layer.shape.cin = layer.shape.cout = channels;
  layer.shape.in_size = size;
  layer.shape.kernel = layer.shape.stride = op == LayerOp::AvgPool ? size : 1;
  layer.shape.abits = layer.shape.wbits = 8;
  layer.requantization = {requantization_of(factor)};
  layer.output_min = low;
  layer.output_max = high;
  layer.output_scale = 0.01;
  return layer;
}

}  // namespace

IntegerNetwork small_integer_network(std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  constexpr std::int32_t kLowest = std::numeric_limits<std::int32_t>::min();
  constexpr std::int32_t kHighest = std::numeric_limits<std::int32_t>::max();
  IntegerNetwork network;
  network.name = "small";
  network.input_channels = 1;
  network.input_size = 6;
  network.input_bits = 8;
  network.input_signed = true;
  network.input_scale = 1.0 / 128;
  std::vector<std::int32_t> table(256);
  for (int p = 0; p < 256; ++p) table[static_cast<std::size_t>(p)] = p - 128;
  network.input_table = {table};
  network.layers.push_back(array_layer("stem", conv(1, 4, 6, 3, 1, 1, 1, 8, 8), true, 0, 63, 0.004, rng));
  network.layers.push_back(array_layer("dw", conv(4, 4, 6, 3, 2, 1, 4, 4, 6), false, -127, 127, 0.05, rng));
  network.layers.push_back(array_layer("pw", conv(4, 4, 3, 1, 1, 0, 1, 2, 8), true, kLowest, kHighest, 64.0, rng));
  IntegerLayer add = vector_layer("add", LayerOp::Add, 4, 3, 1.0 / 512, 0, 255);
  add.skip = "dw";
  add.skip_shift = 8;
  network.layers.push_back(add);
  network.layers.push_back(vector_layer("pool", LayerOp::AvgPool, 4, 3, 1.0 / 9 / 16, 0, 15));
  network.layers.push_back(array_layer("fc", conv(4, 3, 1, 1, 1, 0, 1, 3, 4), false, kLowest, kHighest, 3.7, rng));
  return network;
}

}  // namespace apq::testing
