#pragma once

#include "sim/accel_config.h"

namespace apq::sim {

// The operand width the array computes at: BitBricks fuse in powers of two, so a width that is
// not one runs at the next (6 as 8, 3 as 4), and nothing runs below the BitBrick's width.
// Throws apq::InputError when bits exceed the array's maximum precision.
int supported_bits(const AccelConfig& config, int bits);

// Products one fusion unit computes per cycle: (max / activation width) x (max / weight width)
// at the supported widths; 1 at 8x8, 16 at 2x2 for BitFusion.
int products_per_unit(const AccelConfig& config, int abits, int wbits);

}  // namespace apq::sim
