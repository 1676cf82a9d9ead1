#include "calibration/accelerator_check.h"

#include <cmath>
#include <cstdio>

#include "common/errors.h"
#include "calibration/build_plan.h"
#include "calibration/entry_simulation.h"

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
  bool checked_head = false, checked_tail = false;
  for (const PlanEntry& plan : plan_entries(space, lut_format_of(lut))) {
    if (plan.part == NetworkPart::Blocks) continue;
    const auto entry = lut.find(plan.key);
    if (entry == lut.end()) continue;
    const LutValue simulated = simulate_entry(accel, plan);
    if (!same(entry->second.latency_ms, simulated.latency_ms) || !same(entry->second.energy_mj, simulated.energy_mj))
      throw InputError(lut_origin + ": the '" + plan.key + "' entry (" +
                       cost_text(entry->second.latency_ms, entry->second.energy_mj) + ") is not what " + accel_option +
                       " (" + accel.name + ") gives for the space's " + (plan.part == NetworkPart::Head ? kHeadKey : kTailKey) + " (" +
                       cost_text(simulated.latency_ms, simulated.energy_mj) +
                       "): the LUT was built for another accelerator");
    (plan.part == NetworkPart::Head ? checked_head : checked_tail) = true;
  }
  for (const auto& [found, key] : {std::pair<bool, const char*>{checked_head, kHeadKey}, {checked_tail, kTailKey}})
    if (!found)
      throw InputError(lut_origin + ": no entry for key '" + key + "'" +
                       (lut_format_of(lut) == LutFormat::Context ? " (with a context)" : "") +
                       ": cannot check that the LUT was built for " + accel_option);
}

}  // namespace apq::calibration
