#include "calibration/rtl_calibration.h"

#include <random>
#include <stdexcept>

#include "common/errors.h"
#include "common/progress.h"
#include "common/random.h"
#include "rtl/fusion_array_sim.h"
#include "sim/cycle/array_pipeline.h"
#include "sim/cycle/tile_plan.h"
#include "sim/precision.h"

namespace apq::calibration {

namespace {

std::string shape_text(const rtl::ArrayShape& s) { return std::to_string(s.rows) + "x" + std::to_string(s.cols); }

rtl::ArrayShape verilated_shape_of(const sim::AccelConfig& accel, const std::string& origin) {
  std::string available;
  for (const rtl::ArrayShape& s : rtl::verilated_shapes()) {
    if (s.rows == accel.rows && s.cols == accel.cols) return s;
    available += (available.empty() ? "" : ", ") + shape_text(s);
  }
  throw InputError(origin + ": accelerator '" + accel.name + "' has a " + std::to_string(accel.rows) + "x" +
                   std::to_string(accel.cols) + " array; no Verilated array of that shape (available: " +
                   available + ")");
}

}  // namespace

RtlCalibration calibrate_against_rtl(const sim::AccelConfig& accel, const std::string& accel_origin,
                                     const RtlCalibrationRequest& request) {
  const rtl::ArrayShape shape = verilated_shape_of(accel, accel_origin);
  auto array = rtl::make_fusion_array_sim(shape);
  const sim::cycle::PassSplit split = sim::cycle::rtl_pass_split();
  if (array->weight_depth() != split.depth)
    throw std::runtime_error("the Verilated array's weight bank holds " + std::to_string(array->weight_depth()) +
                             " steps, the SystemC model splits passes at " + std::to_string(split.depth));

  // Nominal widths the accelerator accepts; the array computes each at supported_bits.
  std::vector<int> widths;
  for (int b = accel.min_precision_bits; b <= accel.max_precision_bits; ++b) widths.push_back(b);

  RtlCalibration result;
  result.array = shape_text(shape);
  result.weight_depth = split.depth;
  std::mt19937_64 rng(request.seed);
  Progress progress("calibrate " + result.array, request.tiles, "tiles");
  for (std::int64_t t = 0; t < request.tiles; ++t) {
    const int a_nominal = widths[random_index(rng, widths.size())];
    const int w_nominal = widths[random_index(rng, widths.size())];
    rtl::Precision precision{sim::supported_bits(accel, a_nominal), sim::supported_bits(accel, w_nominal),
                             (rng() & 1u) != 0, (rng() & 1u) != 0};
    const auto pixels = static_cast<int>(1 + random_index(rng, static_cast<std::uint64_t>(request.max_pixels)));
    const auto steps = static_cast<std::int64_t>(1 + random_index(rng, static_cast<std::uint64_t>(request.max_steps)));
    // The tile as the SystemC model cuts it into passes (pixels stay below the pixel counter's limit).
    const std::int64_t chunks = sim::cycle::step_chunk_count(steps, split.depth);
    for (std::int64_t c = 0; c < chunks; ++c) {
      const sim::cycle::StepChunk chunk = sim::cycle::step_chunk(steps, split.depth, c);
      const std::int64_t pass_model = rtl::tile_cycles(shape, pixels, chunk.steps);
      sim::cycle::ArrayPipeline alone(shape.rows);  // a pass alone: weight load, then compute
      const std::int64_t window_model = alone.schedule(chunk.steps, pass_model, 0).end;

      const rtl::ArrayTile tile = rtl::random_tile(shape, precision, pixels, static_cast<int>(chunk.steps), rng);
      const std::uint64_t before = array->simulated_cycles();
      const rtl::TileRun run = array->run_tile(tile);
      const auto window_rtl = static_cast<std::int64_t>(array->simulated_cycles() - before);
      if (run.outputs != rtl::tile_outputs(shape, tile)) ++result.output_mismatches;
      const int chunk_steps = static_cast<int>(chunk.steps);
      if (run.cycles != pass_model)
        result.mismatches.push_back(
            {precision.abits, precision.wbits, pixels, chunk_steps, run.cycles, pass_model, "pass cycles"});
      if (window_rtl != window_model)
        result.mismatches.push_back(
            {precision.abits, precision.wbits, pixels, chunk_steps, window_rtl, window_model, "load + pass cycles"});
      if (run.cycles == pass_model && window_rtl == window_model) ++result.exact_passes;
      result.rtl_cycles += window_rtl;
      result.model_cycles += window_model;
      ++result.passes;
    }
    progress.advance();
  }
  progress.finish();
  return result;
}

}  // namespace apq::calibration
