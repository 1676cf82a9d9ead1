#pragma once
#include <cstdint>

#include "calibration/lut.h"
#include "search/space/space.h"

namespace apq::calibration::testing_support {

// Every entry of the space's plan, costs growing with the layer's BitOps as real ones do, so
// that the smallest choices are the cheapest.
Lut monotone_lut(const search::Space& space, LutFormat format = LutFormat::Apq);

// Every entry of the space's plan with seeded costs unrelated to size.
Lut random_lut(const search::Space& space, std::uint64_t seed, LutFormat format = LutFormat::Apq);

}  // namespace apq::calibration::testing_support
