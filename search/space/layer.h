#pragma once
#include <string>

#include "layer/layer_shape.h"

namespace apq::search {

enum class LayerOp { Conv, GlobalAvgPool, Linear };

// Which part of the network a layer belongs to; the three block roles are the three layers of
// every searchable inverted-residual block, in run order.
enum class LayerRole { Head, Expand, Depthwise, Project, Tail };

// One layer the accelerator runs. The shape fields are those of APQ's LUT key. A linear layer
// is described as the 1x1 convolution on a 1x1 input it equals; a global average pool as a
// depthwise window over the whole input (kernel = in_size, groups = channels).
struct SpaceLayer {
  LayerOp op = LayerOp::Conv;
  LayerRole role = LayerRole::Head;
  int cin = 0;
  int cout = 0;
  int in_size = 0;
  int kernel = 1;
  int stride = 1;
  int padding = 0;
  int groups = 1;
  int wbits = 8;
  int abits = 8;  // bits of this layer's input activations

  bool operator==(const SpaceLayer& other) const;
  bool operator!=(const SpaceLayer& other) const { return !(*this == other); }
};

int output_size(const SpaceLayer& layer);

const char* role_name(LayerRole role);

// The shape of a convolution or linear layer of the space, at `batch`.
LayerShape layer_shape_of(const SpaceLayer& layer, int batch);

}  // namespace apq::search
