#pragma once
#include <string>

#include "sim/accel_config.h"
#include "layer/layer_shape.h"

namespace apq::sim::testing {

AccelConfig preset(const std::string& name);

// A convolution with "same" padding (k / 2).
LayerShape conv(int cin, int cout, int in, int k, int s, int groups = 1, int wbits = 8,
                int abits = 8, int batch = 1);

}  // namespace apq::sim::testing
