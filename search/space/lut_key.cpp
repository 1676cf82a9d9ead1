#include "search/space/lut_key.h"

namespace apq::search {

std::string lut_key(const SpaceLayer& layer) {
  auto n = [](int v) { return std::to_string(v); };
  return "(" + n(layer.cin) + ", " + n(layer.cout) + ", " + n(layer.in_size) + ", " + n(layer.kernel) + ", " +
         n(layer.stride) + ", " + n(layer.padding) + ", " + n(layer.groups) + ")-W" + n(layer.wbits) + "A" +
         n(layer.abits);
}

}  // namespace apq::search
