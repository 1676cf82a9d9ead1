#include "search/space/fixed_layers.h"

namespace apq::search {

std::vector<SpaceLayer> resolve_fixed_layers(const std::vector<FixedLayerSpec>& specs, LayerRole role,
                                             int cin, int in_size, const FixedBits& bits) {
  std::vector<SpaceLayer> layers;
  layers.reserve(specs.size());
  for (const FixedLayerSpec& spec : specs) {
    SpaceLayer layer;
    layer.role = role;
    layer.cin = cin;
    layer.in_size = in_size;
    layer.wbits = bits.w;
    layer.abits = bits.a;
    switch (spec.type) {
      case FixedLayerType::Conv:
        layer.op = LayerOp::Conv;
        layer.cout = spec.out_channels;
        layer.kernel = spec.kernel;
        layer.stride = spec.stride;
        layer.padding = spec.padding;
        layer.groups = spec.groups;
        break;
      case FixedLayerType::GlobalAvgPool:
        layer.op = LayerOp::GlobalAvgPool;
        layer.cout = cin;
        layer.kernel = in_size;
        layer.groups = cin;
        break;
      case FixedLayerType::Linear:
        layer.op = LayerOp::Linear;
        layer.cout = spec.out_channels;
        break;
    }
    layers.push_back(layer);
    cin = layer.cout;
    in_size = output_size(layer);
  }
  return layers;
}

}  // namespace apq::search
