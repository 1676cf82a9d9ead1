#include "search/space/lut_key.h"

#include "layer/lut_key.h"

namespace apq::search {

std::string lut_key(const SpaceLayer& layer) { return apq::lut_key(layer_shape_of(layer, 1)); }

}  // namespace apq::search
