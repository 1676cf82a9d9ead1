#include "sim/cosim/layer_data.h"

#include "common/random.h"

namespace apq::sim::cosim {

namespace {

std::vector<std::int32_t> random_values(std::size_t count, int bits, bool is_signed,
                                        std::mt19937_64& rng) {
  const std::int32_t lo = is_signed ? -(1 << (bits - 1)) : 0;
  const std::int32_t hi = is_signed ? (1 << (bits - 1)) - 1 : (1 << bits) - 1;
  std::vector<std::int32_t> values(count);
  for (std::int32_t& v : values) v = static_cast<std::int32_t>(random_between(rng, lo, hi));
  return values;
}

}  // namespace

LayerData random_layer_data(const LayerShape& layer, bool signed_activations, std::mt19937_64& rng) {
  const auto in = static_cast<std::size_t>(layer.in_size);
  const auto k = static_cast<std::size_t>(layer.kernel);
  LayerData data;
  data.activations = random_values(static_cast<std::size_t>(layer.batch) * layer.cin * in * in,
                                   layer.abits, signed_activations, rng);
  data.weights = random_values(
      static_cast<std::size_t>(layer.cout) * (layer.cin / layer.groups) * k * k, layer.wbits, true, rng);
  return data;
}

}  // namespace apq::sim::cosim
