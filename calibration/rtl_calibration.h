#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "sim/accel_config.h"

namespace apq::calibration {

// The SystemC model charges every array pass the RTL's cycle count by formula (rtl::tile_cycles)
// and its weight load ROWS cycles per step (cycle::ArrayPipeline). An RTL calibration runs sampled
// passes through the Verilated array of the accelerator's shape and compares cycles and outputs.
struct RtlCalibrationRequest {
  std::int64_t tiles = 200;
  std::uint64_t seed = 1;
  std::int64_t max_pixels = 64;  // output pixels per tile, 1..max
  std::int64_t max_steps = 64;   // reduction steps per tile; beyond the weight bank a tile is several passes
};

struct CycleMismatch {
  int abits = 0, wbits = 0, pixels = 0, steps = 0;
  std::int64_t rtl = 0, model = 0;
  std::string what;  // "pass cycles" or "load + pass cycles"
};

struct RtlCalibration {
  std::string array;               // "16x32"
  std::int64_t weight_depth = 0;   // steps per pass
  std::int64_t passes = 0;
  std::int64_t exact_passes = 0;
  std::int64_t output_mismatches = 0;  // against the golden integer model
  std::int64_t rtl_cycles = 0;
  std::int64_t model_cycles = 0;
  std::vector<CycleMismatch> mismatches;

  bool agrees() const { return mismatches.empty() && output_mismatches == 0; }
};

// Throws apq::InputError (naming `accel_origin`) when no Verilated array has the accelerator's
// shape.
RtlCalibration calibrate_against_rtl(const sim::AccelConfig& accel, const std::string& accel_origin,
                                     const RtlCalibrationRequest& request);

}  // namespace apq::calibration
