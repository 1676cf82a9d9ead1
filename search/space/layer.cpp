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

}  // namespace apq::search
