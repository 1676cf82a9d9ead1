#pragma once
#include "layer/layer_op.h"
#include "layer/layer_shape.h"

namespace apq::search {

// One layer of a sub-network of the space: what it computes, where it sits and its shape and
// bits (the fields of APQ's LUT key; batch 1, the space's batch is applied where an accelerator
// network is built). A fully connected layer is the 1x1 convolution on a 1x1 input it equals; the
// tail's global average pool is a depthwise window over the whole input (kernel = in_size,
// groups = channels) with one operand width, its input's (wbits = abits).
struct SpaceLayer {
  LayerOp op = LayerOp::Conv;
  LayerRole role = LayerRole::Head;
  LayerShape shape;

  bool operator==(const SpaceLayer& other) const;
  bool operator!=(const SpaceLayer& other) const { return !(*this == other); }
};

}  // namespace apq::search
