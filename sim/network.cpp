#include "sim/network.h"

namespace apq::sim {

bool uses_im2col(const NetworkLayer& layer) {
  if (!runs_on_array(layer.op)) return false;
  return layer.im2col.value_or(default_im2col(layer.shape));
}

std::int64_t output_elements(const NetworkLayer& layer) {
  const std::int64_t out = output_size(layer.shape);
  return static_cast<std::int64_t>(layer.shape.batch) * layer.shape.cout * out * out;
}

Network single_layer_network(const LayerShape& shape, std::optional<bool> im2col) {
  Network network;
  network.name = layer_tuple(shape);
  NetworkLayer layer;
  layer.name = layer_tuple(shape);
  layer.shape = shape;
  layer.im2col = im2col;
  network.layers.push_back(layer);
  return network;
}

}  // namespace apq::sim
