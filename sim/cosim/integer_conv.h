#pragma once
#include <cstdint>
#include <vector>

#include "layer/layer_shape.h"

namespace apq::sim::cosim {

// The convolution by its definition, what the array must compute bit for bit:
// out[b][oc][y][x] = sum over the group's input channels c and taps (i, j) of
// act[b][c][y * s - p + i][x * s - p + j] * w[oc][c][i][j], zero outside the input, summed in
// 32 bits with wrap-around like the hardware accumulator. Layouts as in layer_data.h; the output
// is [batch][cout][out][out].
std::vector<std::int32_t> integer_convolution(const LayerShape& layer,
                                              const std::vector<std::int32_t>& activations,
                                              const std::vector<std::int32_t>& weights);

}  // namespace apq::sim::cosim
