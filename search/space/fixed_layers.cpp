#include "search/space/fixed_layers.h"

namespace apq::search {

std::vector<SpaceLayer> resolve_fixed_layers(const std::vector<FixedLayerSpec>& specs, LayerRole role,
                                             int cin, int in_size, const FixedBits& bits) {
  std::vector<SpaceLayer> layers;
  layers.reserve(specs.size());
  for (const FixedLayerSpec& spec : specs) {
    SpaceLayer layer;
    layer.op = spec.op;
    layer.role = role;
    LayerShape& shape = layer.shape;
    shape.cin = cin;
    shape.in_size = in_size;
    shape.wbits = bits.w;
    shape.abits = bits.a;
    switch (spec.op) {
      case LayerOp::Conv:
        shape.cout = spec.out_channels;
        shape.kernel = spec.kernel;
        shape.stride = spec.stride;
        shape.padding = spec.padding;
        shape.groups = spec.groups;
        break;
      case LayerOp::AvgPool:  // global: the window is the whole input
        shape.cout = cin;
        shape.kernel = in_size;
        shape.groups = cin;
        shape.wbits = shape.abits;  // a vector-unit layer has one operand width, its input's
        break;
      case LayerOp::FullyConnected:
        shape.cout = spec.out_channels;
        break;
      default:
        break;  // the space file has no other fixed layers
    }
    layers.push_back(layer);
    cin = shape.cout;
    in_size = output_size(shape);
  }
  return layers;
}

}  // namespace apq::search
