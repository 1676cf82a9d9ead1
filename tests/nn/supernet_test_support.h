#pragma once
#include "search/space/space.h"

namespace apq::nn::testing {

// A small space with every elastic feature: kernels {3, 5, 7}; two stages of two blocks with
// depths {1, 2}, the first with identity skips, the second changing width and stride; mid
// channels 4x..6x in steps of 8 (3 or 5 choices). 12x12x1 input, 10 classes.
search::Space tiny_space();

}  // namespace apq::nn::testing
