#include "sim/network.h"

namespace apq::sim {

const char* layer_kind_name(LayerKind kind) {
  switch (kind) {
    case LayerKind::Conv: return "conv";
    case LayerKind::FullyConnected: return "fc";
    case LayerKind::AvgPool: return "avgpool";
    case LayerKind::MaxPool: return "maxpool";
    case LayerKind::Add: return "add";
  }
  return "?";
}

bool runs_on_array(LayerKind kind) {
  return kind == LayerKind::Conv || kind == LayerKind::FullyConnected;
}

bool uses_im2col(const NetworkLayer& layer) {
  if (!runs_on_array(layer.kind)) return false;
  return layer.im2col.value_or(default_im2col(layer.shape));
}

std::int64_t output_elements(const NetworkLayer& layer) {
  const std::int64_t out = output_size(layer.shape);
  return static_cast<std::int64_t>(layer.shape.batch) * layer.shape.cout * out * out;
}

std::int64_t layer_macs(const NetworkLayer& layer) {
  if (!runs_on_array(layer.kind)) return 0;
  const LayerShape& s = layer.shape;
  const std::int64_t taps = static_cast<std::int64_t>(s.kernel) * s.kernel;
  return output_elements(layer) * taps * (s.cin / s.groups);
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
