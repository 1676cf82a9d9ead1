#include "search/space/lut_key.h"

#include "layer/lut_key.h"

namespace apq::search {

std::string lut_key(const SpaceLayer& layer) {
  LayerShape shape;
  shape.cin = layer.cin;
  shape.cout = layer.cout;
  shape.in_size = layer.in_size;
  shape.kernel = layer.kernel;
  shape.stride = layer.stride;
  shape.padding = layer.padding;
  shape.groups = layer.groups;
  shape.wbits = layer.wbits;
  shape.abits = layer.abits;
  return apq::lut_key(shape);
}

}  // namespace apq::search
