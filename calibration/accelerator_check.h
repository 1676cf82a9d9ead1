#pragma once
#include <string>

#include "calibration/lut.h"
#include "search/space/space.h"
#include "sim/accel_config.h"

namespace apq::calibration {

// A LUT file does not name the accelerator it was built for (APQ's format has no place for it),
// but its head and tail entries are the space's fixed layers simulated on that accelerator, and
// the simulation is deterministic: re-simulating them on `accel` gives the LUT's values exactly
// when the LUT was built for it. Throws apq::InputError naming `accel_option` (e.g. "--accel
// FILE"), the entry and both values otherwise, or when the LUT lacks the entry.
void check_lut_accelerator(const Lut& lut, const search::Space& space, const sim::AccelConfig& accel,
                           const std::string& lut_origin, const std::string& accel_option);

}  // namespace apq::calibration
