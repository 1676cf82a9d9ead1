#include "synthetic_lut.h"

#include <random>

#include "calibration/build_plan.h"
#include "search/model/bitops.h"

namespace apq::calibration::testing_support {

Lut monotone_lut(const search::Space& space, LutFormat format) {
  Lut lut;
  for (const PlanEntry& e : plan_entries(space, format)) {
    const double work = e.part == NetworkPart::Blocks ? search::layer_bitops(e.layer, 1) : 1e6;
    lut[e.key] = {1e-9 * work + 1e-3, 3e-10 * work + 2e-3, std::nullopt, {}};
  }
  return lut;
}

Lut random_lut(const search::Space& space, std::uint64_t seed, LutFormat format) {
  std::mt19937_64 rng(seed);
  Lut lut;
  for (const PlanEntry& e : plan_entries(space, format))
    lut[e.key] = {static_cast<double>(rng() % 1000) * 1e-3, static_cast<double>(rng() % 1000) * 1e-4, std::nullopt, {}};
  return lut;
}

}  // namespace apq::calibration::testing_support
