#pragma once
#include <string>

#include "search/space/layer.h"

namespace apq::search {

// The LUT key of a space layer: apq::lut_key (layer/lut_key.h) of its shape and bits.
std::string lut_key(const SpaceLayer& layer);

}  // namespace apq::search
