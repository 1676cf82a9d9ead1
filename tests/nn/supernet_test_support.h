#pragma once
#include <string>

#include "search/space/space.h"

namespace apq::nn::testing {

// A small space with every elastic feature: kernels {3, 5, 7}; two stages of two blocks with
// depths {1, 2}, the first with identity skips, the second changing width and stride; mid
// channels 4x..6x in steps of 8 (3 or 5 choices). 12x12x1 input, 10 classes.
search::Space tiny_space();

// The same space as a space file's text, for `input_size` x `input_size` images with a first
// conv of stride `stem_stride` (28 and 2 give a space that trains on Fashion-MNIST).
std::string tiny_space_json(int input_size = 12, int stem_stride = 1);

}  // namespace apq::nn::testing
