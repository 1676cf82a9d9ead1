#pragma once
#include <torch/types.h>

#include <vector>

#include "layer/integer_network.h"

namespace apq::nn {

// The integer network computed with LibTorch integer tensors, independently of the accelerator
// model (sim/): int64 convolutions (exact; wrapped to 32 bits like the accumulator), the
// requantization rule written out on tensors (round half away from zero after the fixed-point
// multiply and after the shift), clamps, the residual addition and the window sums of the pool.
// `images` are bytes [N][C][H][W]; the result holds every layer's output, int32 [N][C][H][W].
std::vector<torch::Tensor> integer_reference(const IntegerNetwork& network, const torch::Tensor& images);

}  // namespace apq::nn
