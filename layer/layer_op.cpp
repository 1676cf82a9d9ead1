#include "layer/layer_op.h"

namespace apq {

const char* layer_op_name(LayerOp op) {
  switch (op) {
    case LayerOp::Conv: return "conv";
    case LayerOp::FullyConnected: return "fc";
    case LayerOp::AvgPool: return "avgpool";
    case LayerOp::MaxPool: return "maxpool";
    case LayerOp::Add: return "add";
  }
  return "?";
}

bool runs_on_array(LayerOp op) { return op == LayerOp::Conv || op == LayerOp::FullyConnected; }

std::int64_t layer_macs(LayerOp op, const LayerShape& shape) {
  if (!runs_on_array(op)) return 0;
  const std::int64_t out = output_size(shape);
  return static_cast<std::int64_t>(shape.batch) * out * out * shape.cout * (shape.cin / shape.groups) * shape.kernel *
         shape.kernel;
}

const char* role_name(LayerRole role) {
  switch (role) {
    case LayerRole::Head: return "head";
    case LayerRole::Expand: return "expand";
    case LayerRole::Depthwise: return "depthwise";
    case LayerRole::Project: return "project";
    case LayerRole::Tail: return "tail";
  }
  return "?";
}

NetworkPart part_of(LayerRole role) {
  switch (role) {
    case LayerRole::Head: return NetworkPart::Head;
    case LayerRole::Tail: return NetworkPart::Tail;
    default: return NetworkPart::Blocks;
  }
}

}  // namespace apq
