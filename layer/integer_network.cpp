#include "layer/integer_network.h"

#include <sstream>

#include "common/errors.h"

namespace apq {
namespace {

[[noreturn]] void reject(const std::string& where, long long value, const std::string& why) {
  std::ostringstream message;
  message << where << " = " << value << " " << why;
  throw InputError(message.str());
}

void require_range(const std::string& where, long long value, long long low, long long high) {
  if (value < low || value > high)
    reject(where, value, "is outside " + std::to_string(low) + ".." + std::to_string(high));
}

void check_requantization(const std::string& where, std::size_t channel, const Requantization& r) {
  const std::string index = "[" + std::to_string(channel) + "]";
  if (r.multiplier != 0 && r.multiplier < (1 << 30))
    reject(where + ".multiplier" + index, r.multiplier, "is neither 0 nor in [2^30, 2^31)");
  require_range(where + ".shift" + index, r.shift, -31, 31);
}

// The input width and signedness a layer reads its operand at.
struct Operand {
  int bits;
  bool is_signed;
};

void check_layer(const IntegerNetwork& network, int index, const std::string& origin) {
  const IntegerLayer& layer = network.layers[static_cast<std::size_t>(index)];
  const std::string where = origin + ": layers[" + std::to_string(index) + "]";
  const LayerShape& shape = layer.shape;
  try {
    validate_layer(shape);
  } catch (const InputError& error) {
    throw InputError(where + " (" + layer.name + "): " + error.what());
  }
  const TensorShape in = output_shape(network, index - 1);
  const bool array = runs_on_array(layer.op);
  if (!array && layer.op != LayerOp::Add && layer.op != LayerOp::AvgPool)
    throw InputError(where + ".op: " + layer_op_name(layer.op) + " is not an integer layer (conv, fc, add, avgpool)");
  const int expected_size = layer.op == LayerOp::FullyConnected ? 1 : shape.in_size;
  if (in.channels != shape.cin) reject(where + ".cin", shape.cin, "but its input has " + std::to_string(in.channels) + " channels");
  if (in.size != expected_size)
    reject(where + (layer.op == LayerOp::Add ? ".size" : ".in_size"), expected_size,
           "but its input is " + std::to_string(in.size) + " wide");
  if (layer.op == LayerOp::FullyConnected && (shape.kernel != 1 || shape.in_size != 1))
    throw InputError(where + ": fc is a 1x1 layer on a 1x1 input");

  // The producer's clamp must fit what this layer reads.
  const std::int64_t produced_min = index == 0 ? lowest_value(network.input_bits, network.input_signed)
                                               : network.layers[static_cast<std::size_t>(index - 1)].output_min;
  const std::int64_t produced_max = index == 0 ? highest_value(network.input_bits, network.input_signed)
                                               : network.layers[static_cast<std::size_t>(index - 1)].output_max;
  if (array) {
    const Operand operand{shape.abits, layer.input_signed};
    if (produced_min < lowest_value(operand.bits, operand.is_signed) ||
        produced_max > highest_value(operand.bits, operand.is_signed)) {
      std::ostringstream message;
      message << where << " reads " << (operand.is_signed ? "signed " : "unsigned ") << operand.bits
              << "-bit inputs, but its input holds " << produced_min << ".." << produced_max;
      throw InputError(message.str());
    }
    const std::size_t weights = static_cast<std::size_t>(shape.cout) * (shape.cin / shape.groups) *
                                shape.kernel * shape.kernel;
    if (layer.weights.size() != weights)
      reject(where + ".weights (count)", static_cast<long long>(layer.weights.size()),
             "but the layer has " + std::to_string(weights) + " weights");
    const std::int64_t low = lowest_value(shape.wbits, true);
    const std::int64_t high = highest_value(shape.wbits, true);
    for (std::size_t i = 0; i < weights; ++i)
      if (layer.weights[i] < low || layer.weights[i] > high)
        reject(where + ".weights[" + std::to_string(i) + "]", layer.weights[i],
               "is outside the " + std::to_string(shape.wbits) + "-bit range " + std::to_string(low) + ".." +
                   std::to_string(high));
    if (layer.bias.size() != static_cast<std::size_t>(shape.cout))
      reject(where + ".bias (count)", static_cast<long long>(layer.bias.size()),
             "but the layer has " + std::to_string(shape.cout) + " output channels");
  } else if (!layer.weights.empty() || !layer.bias.empty()) {
    throw InputError(where + ": " + layer_op_name(layer.op) + " has no weights or bias");
  }
  const std::size_t requantizations = array ? static_cast<std::size_t>(shape.cout) : 1;
  if (layer.requantization.size() != requantizations)
    reject(where + ".multiplier (count)", static_cast<long long>(layer.requantization.size()),
           "but the layer needs " + std::to_string(requantizations));
  for (std::size_t c = 0; c < requantizations; ++c)
    check_requantization(where, c, layer.requantization[c]);
  if (layer.output_min > layer.output_max)
    reject(where + ".output_min", layer.output_min, "is above output_max = " + std::to_string(layer.output_max));

  if (layer.op == LayerOp::Add) {
    if (shape.cin != shape.cout) reject(where + ".channels", shape.cout, "differs between input and output");
    const int skip = layer_index(network, layer.skip);
    if (skip < 0 || skip >= index - 1)
      throw InputError(where + ".skip: \"" + layer.skip + "\" is not the name of a layer before the addition's input");
    const TensorShape other = output_shape(network, skip);
    if (other.channels != shape.cin || other.size != shape.in_size)
      throw InputError(where + ".skip: \"" + layer.skip + "\" is " + std::to_string(other.channels) + " x " +
                       std::to_string(other.size) + ", the addition " + std::to_string(shape.cin) + " x " +
                       std::to_string(shape.in_size));
    require_range(where + ".skip_shift", layer.skip_shift, 0, 24);
  } else if (!layer.skip.empty()) {
    throw InputError(where + ".skip: only an addition has a second operand");
  }
  if (layer.op == LayerOp::AvgPool && shape.cin != shape.cout)
    reject(where + ".channels", shape.cout, "differs between input and output");
}

}  // namespace

std::int64_t lowest_value(int bits, bool is_signed) { return is_signed ? -(std::int64_t{1} << (bits - 1)) : 0; }

std::int64_t highest_value(int bits, bool is_signed) {
  return is_signed ? (std::int64_t{1} << (bits - 1)) - 1 : (std::int64_t{1} << bits) - 1;
}

TensorShape output_shape(const IntegerNetwork& network, int index) {
  if (index < 0) return {network.input_channels, network.input_size};
  const IntegerLayer& layer = network.layers[static_cast<std::size_t>(index)];
  switch (layer.op) {
    case LayerOp::FullyConnected:
      return {layer.shape.cout, 1};
    case LayerOp::Add:
      return {layer.shape.cout, layer.shape.in_size};
    default:
      return {layer.shape.cout, output_size(layer.shape)};
  }
}

int layer_index(const IntegerNetwork& network, const std::string& name) {
  for (std::size_t i = 0; i < network.layers.size(); ++i)
    if (network.layers[i].name == name) return static_cast<int>(i);
  return -1;
}

void validate_integer_network(const IntegerNetwork& network, const std::string& origin) {
  require_range(origin + ": input.channels", network.input_channels, 1, 4096);
  require_range(origin + ": input.size", network.input_size, 1, 65536);
  require_range(origin + ": input.bits", network.input_bits, 2, 8);
  if (network.input_table.size() != static_cast<std::size_t>(network.input_channels))
    reject(origin + ": input.table (channels)", static_cast<long long>(network.input_table.size()),
           "but the input has " + std::to_string(network.input_channels) + " channels");
  for (std::size_t c = 0; c < network.input_table.size(); ++c) {
    const std::vector<std::int32_t>& table = network.input_table[c];
    const std::string where = origin + ": input.table[" + std::to_string(c) + "]";
    if (table.size() != 256) reject(where + " (count)", static_cast<long long>(table.size()), "is not 256");
    for (std::size_t p = 0; p < table.size(); ++p)
      require_range(where + "[" + std::to_string(p) + "]", table[p], lowest_value(network.input_bits, network.input_signed),
                    highest_value(network.input_bits, network.input_signed));
  }
  if (network.layers.empty()) throw InputError(origin + ": layers is empty");
  for (std::size_t i = 0; i < network.layers.size(); ++i) {
    const std::string& name = network.layers[i].name;
    if (name.empty() || name == "image") throw InputError(origin + ": layers[" + std::to_string(i) + "].name \"" + name + "\" is not allowed");
    if (layer_index(network, name) != static_cast<int>(i))
      throw InputError(origin + ": layers[" + std::to_string(i) + "].name \"" + name + "\" is used twice");
    check_layer(network, static_cast<int>(i), origin);
  }
}

}  // namespace apq
