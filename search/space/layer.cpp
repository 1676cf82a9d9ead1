#include "search/space/layer.h"

#include "search/space/space.h"

namespace apq::search {

bool SpaceLayer::operator==(const SpaceLayer& other) const {
  return op == other.op && role == other.role && cin == other.cin && cout == other.cout &&
         in_size == other.in_size && kernel == other.kernel && stride == other.stride &&
         padding == other.padding && groups == other.groups && wbits == other.wbits && abits == other.abits;
}

int output_size(const SpaceLayer& layer) {
  return conv_output_size(layer.in_size, layer.kernel, layer.stride, layer.padding);
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

LayerShape layer_shape_of(const SpaceLayer& layer, int batch) {
  LayerShape s;
  s.cin = layer.cin;
  s.cout = layer.cout;
  s.in_size = layer.in_size;
  s.kernel = layer.kernel;
  s.stride = layer.stride;
  s.padding = layer.padding;
  s.groups = layer.groups;
  s.batch = batch;
  s.wbits = layer.wbits;
  s.abits = layer.abits;
  return s;
}

}  // namespace apq::search
