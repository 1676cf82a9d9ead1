#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "calibration/lut.h"
#include "common/statistics.h"
#include "search/space/space.h"
#include "sim/accel_config.h"

namespace apq::calibration {

// One sub-network costed both ways: the LUT sum and the full-network simulation (cycle mode).
struct ValidationSample {
  std::string config;  // APQ spec JSON, one line
  double lut_latency_ms = 0.0;
  double sim_latency_ms = 0.0;
  double lut_energy_mj = 0.0;
  double sim_energy_mj = 0.0;
  double latency_error = 0.0;  // (LUT - sim) / sim
  double energy_error = 0.0;
};

struct LutValidation {
  std::vector<ValidationSample> samples;
  ErrorSummary latency;
  ErrorSummary energy;
};

// Is the LUT sum a faithful stand-in for full-network simulation? `samples` seeded random
// sub-networks with random quantization policies of the space, costed both ways on `accel`.
// `lut_origin` names the table in errors (a missing entry).
LutValidation validate_lut(const Lut& lut, const std::string& lut_origin, const search::Space& space,
                           const sim::AccelConfig& accel, std::int64_t samples, std::uint64_t seed);

// One row per sample (the config quoted as one CSV field), for plots.
std::string validation_csv(const LutValidation& validation);

// An error summary as JSON.
nlohmann::ordered_json error_summary_json(const ErrorSummary& summary);

}  // namespace apq::calibration
