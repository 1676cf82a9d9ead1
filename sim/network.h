#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "layer/layer_op.h"
#include "layer/layer_shape.h"

namespace apq::sim {

// One layer of a network file (its op: layer/layer_op.h). Every op is described by a LayerShape:
// - conv: the shape itself; fc: cin -> cout as a 1x1 convolution on a 1x1 input;
// - avgpool / maxpool: `channels` = cin = cout = groups, the window as kernel, stride, padding;
// - add: `channels` = cin = cout, `size` as in_size, kernel 1 (element-wise over two tensors).
// A vector-unit layer has one operand width: abits = wbits = its `bits`.
struct NetworkLayer {
  std::string name;
  LayerOp op = LayerOp::Conv;
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

// A one-layer network holding a convolution.
Network single_layer_network(const LayerShape& shape, std::optional<bool> im2col = std::nullopt);

}  // namespace apq::sim
