#pragma once
#include <string>

#include "search/space/layer.h"

namespace apq::search {

// The LUT key of a layer, byte-compatible with APQ's Python (a printed tuple, then the bits):
// "(cin, cout, in_size, kernel, stride, padding, groups)-W{wbits}A{abits}".
std::string lut_key(const SpaceLayer& layer);

}  // namespace apq::search
