#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "layer/layer_shape.h"

namespace apq::sim {

// What a network layer is. Convolutions and fully connected layers run on the fusion array;
// pooling and residual additions on the vector unit after the OBUF (sim/README.md).
enum class LayerKind { Conv, FullyConnected, AvgPool, MaxPool, Add };

// "conv", "fc", "avgpool", "maxpool", "add": the names of the network file.
const char* layer_kind_name(LayerKind kind);

bool runs_on_array(LayerKind kind);

// One layer of a network file. Every kind is described by a LayerShape:
// - conv: the shape itself; fc: cin -> cout as a 1x1 convolution on a 1x1 input;
// - avgpool / maxpool: `channels` = cin = cout = groups, the window as kernel, stride, padding;
// - add: `channels` = cin = cout, `size` as in_size, kernel 1 (element-wise over two tensors).
// A vector-unit layer has one operand width: abits = wbits = its `bits`.
struct NetworkLayer {
  std::string name;
  LayerKind kind = LayerKind::Conv;
  LayerShape shape;
  std::optional<bool> im2col;  // unset: default_im2col(shape)
  // An addition's second operand: the index of the earlier layer whose output it adds (the
  // block input of a residual connection). That output is kept in DRAM for it.
  std::optional<std::size_t> skip_source;
};

struct Network {
  std::string name;
  std::vector<NetworkLayer> layers;  // in run order; each consumes the previous one's output
};

// Whether the array runs the layer with input channels and kernel taps flattened (the stem).
bool uses_im2col(const NetworkLayer& layer);

// Elements of the layer's output tensor (batch included).
std::int64_t output_elements(const NetworkLayer& layer);

// Multiply-accumulates of an array layer (zero for a vector-unit layer).
std::int64_t layer_macs(const NetworkLayer& layer);

// A one-layer network holding a convolution.
Network single_layer_network(const LayerShape& shape, std::optional<bool> im2col = std::nullopt);

}  // namespace apq::sim
