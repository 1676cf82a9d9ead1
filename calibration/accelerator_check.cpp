#include "calibration/accelerator_check.h"

#include <cmath>
#include <cstdio>

#include "common/errors.h"
#include "calibration/entry_simulation.h"
#include "sim/simulate.h"

namespace apq::calibration {
namespace {

// The LUT stores shortest round-trip numbers, so a value read back is the simulated one; the
// tolerance only forgives a table written by another tool with fewer digits.
bool same(double a, double b) { return std::fabs(a - b) <= 1e-9 * std::fabs(b); }

std::string cost_text(double latency_ms, double energy_mj) {
  char text[96];
  std::snprintf(text, sizeof text, "latency %.9g ms, energy %.9g mJ", latency_ms, energy_mj);
  return text;
}

}  // namespace

void check_lut_accelerator(const Lut& lut, const search::Space& space, const sim::AccelConfig& accel,
                           const std::string& lut_origin, const std::string& accel_option) {
  const FixedNetworks fixed = fixed_networks(space);
  const std::pair<const char*, const sim::Network*> parts[] = {{kHeadKey, &fixed.head}, {kTailKey, &fixed.tail}};
  for (const auto& [key, network] : parts) {
    const auto entry = lut.find(key);
    if (entry == lut.end())
      throw InputError(lut_origin + ": no entry for key '" + key + "': cannot check that the LUT was built for " +
                       accel_option);
    const sim::LayerCost simulated = sim::simulate_network(accel, *network, sim::TimingMode::Cycle).total;
    if (!same(entry->second.latency_ms, simulated.latency_ms) || !same(entry->second.energy_mj, simulated.energy_mj))
      throw InputError(lut_origin + ": the '" + key + "' entry (" +
                       cost_text(entry->second.latency_ms, entry->second.energy_mj) + ") is not what " + accel_option +
                       " (" + accel.name + ") gives for the space's " + key + " (" +
                       cost_text(simulated.latency_ms, simulated.energy_mj) +
                       "): the LUT was built for another accelerator");
  }
}

}  // namespace apq::calibration
