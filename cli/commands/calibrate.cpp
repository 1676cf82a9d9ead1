// apq calibrate: the SystemC model charges every array pass the RTL's cycle count by formula
// (rtl::tile_cycles) and its weight load ROWS cycles per step (cycle::ArrayPipeline). This runs
// sampled passes through the Verilated array of the accelerator's shape and compares.
#include <cstdio>
#include <random>

#include <nlohmann/json.hpp>

#include "cli/options.h"
#include "common/errors.h"
#include "common/progress.h"
#include "common/random.h"
#include "rtl/fusion_array_sim.h"
#include "sim/accel_config.h"
#include "sim/cycle/array_pipeline.h"
#include "sim/cycle/tile_plan.h"
#include "sim/precision.h"

namespace apq::cli {

namespace {

std::string shape_text(const rtl::ArrayShape& s) { return std::to_string(s.rows) + "x" + std::to_string(s.cols); }

rtl::ArrayShape verilated_shape_of(const sim::AccelConfig& accel, const std::string& path) {
  std::string available;
  for (const rtl::ArrayShape& s : rtl::verilated_shapes()) {
    if (s.rows == accel.rows && s.cols == accel.cols) return s;
    available += (available.empty() ? "" : ", ") + shape_text(s);
  }
  throw InputError(path + ": accelerator '" + accel.name + "' has a " + std::to_string(accel.rows) + "x" +
                   std::to_string(accel.cols) + " array; no Verilated array of that shape (available: " +
                   available + ")");
}

struct Mismatch {
  int abits, wbits, pixels, steps;
  std::int64_t rtl, model;
  const char* what;
};

}  // namespace

int run_calibrate(const std::vector<std::string>& args) {
  po::options_description desc("options");
  desc.add_options()
      ("accel", po::value<std::string>()->required(), "accelerator (its array shape must be Verilated)")
      ("tiles", po::value<std::int64_t>()->default_value(200), "sampled tiles")
      ("seed", po::value<std::int64_t>()->default_value(1), "random seed")
      ("max-pixels", po::value<std::int64_t>()->default_value(64), "largest output pixels per tile")
      ("max-steps", po::value<std::int64_t>()->default_value(64),
       "largest reduction steps per tile (beyond the weight bank's depth a tile runs as several passes)")
      ("json", "print the summary as JSON");
  po::variables_map vm;
  if (!parse_options("calibrate", "--accel FILE [--tiles N] [--seed S] [--json]", args, desc, vm)) return 0;
  const auto tiles = int_option(vm, "tiles", 1, 100000000);
  const auto seed = int_option(vm, "seed", 0, INT64_MAX);
  const auto max_pixels = int_option(vm, "max-pixels", 1, 65535);
  const auto max_steps = int_option(vm, "max-steps", 1, 4096);
  const std::string accel_path = vm["accel"].as<std::string>();
  const sim::AccelConfig accel = sim::load_accel_config(accel_path);
  const rtl::ArrayShape shape = verilated_shape_of(accel, accel_path);
  auto array = rtl::make_fusion_array_sim(shape);
  const sim::cycle::PassSplit split = sim::cycle::rtl_pass_split();
  if (array->weight_depth() != split.depth)
    throw std::runtime_error("the Verilated array's weight bank holds " + std::to_string(array->weight_depth()) +
                             " steps, the SystemC model splits passes at " + std::to_string(split.depth));

  // Nominal widths the accelerator accepts; the array computes each at supported_bits.
  std::vector<int> widths;
  for (int b = accel.min_precision_bits; b <= accel.max_precision_bits; ++b) widths.push_back(b);

  std::mt19937_64 rng(static_cast<std::uint64_t>(seed));
  std::vector<Mismatch> mismatches;
  std::int64_t passes = 0, passes_off = 0, output_mismatches = 0, rtl_total = 0, model_total = 0;
  Progress progress("calibrate " + shape_text(shape), tiles, "tiles");
  for (std::int64_t t = 0; t < tiles; ++t) {
    const int a_nominal = widths[random_index(rng, widths.size())];
    const int w_nominal = widths[random_index(rng, widths.size())];
    rtl::Precision precision{sim::supported_bits(accel, a_nominal), sim::supported_bits(accel, w_nominal),
                             (rng() & 1u) != 0, (rng() & 1u) != 0};
    const auto pixels = static_cast<int>(1 + random_index(rng, static_cast<std::size_t>(max_pixels)));
    const auto steps = static_cast<std::int64_t>(1 + random_index(rng, static_cast<std::size_t>(max_steps)));
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
      if (run.outputs != rtl::tile_outputs(shape, tile)) ++output_mismatches;
      if (run.cycles != pass_model)
        mismatches.push_back({precision.abits, precision.wbits, pixels, static_cast<int>(chunk.steps), run.cycles,
                              pass_model, "pass cycles"});
      if (window_rtl != window_model)
        mismatches.push_back({precision.abits, precision.wbits, pixels, static_cast<int>(chunk.steps), window_rtl,
                              window_model, "load + pass cycles"});
      if (run.cycles != pass_model || window_rtl != window_model) ++passes_off;
      rtl_total += window_rtl;
      model_total += window_model;
      ++passes;
    }
    progress.advance();
  }
  progress.finish();
  const bool ok = mismatches.empty() && output_mismatches == 0;
  for (std::size_t i = 0; i < mismatches.size() && i < 10; ++i) {
    const Mismatch& m = mismatches[i];
    std::fprintf(stderr, "mismatch (%s): A%d W%d, %d pixels, %d steps: RTL %lld, model %lld\n", m.what, m.abits,
                 m.wbits, m.pixels, m.steps, static_cast<long long>(m.rtl), static_cast<long long>(m.model));
  }
  if (vm.count("json")) {
    nlohmann::ordered_json j;
    j["accel"] = accel.name;
    j["array"] = shape_text(shape);
    j["tiles"] = tiles;
    j["passes"] = passes;
    j["cycle_mismatches"] = mismatches.size();
    j["output_mismatches"] = output_mismatches;
    j["rtl_cycles"] = rtl_total;
    j["model_cycles"] = model_total;
    j["pass"] = ok;
    std::printf("%s\n", j.dump(2).c_str());
  } else {
    std::printf("accelerator        %s (%s array, weight bank %lld steps)\n", accel.name.c_str(),
                shape_text(shape).c_str(), static_cast<long long>(split.depth));
    std::printf("tiles              %lld (%lld RTL passes), seed %lld\n", static_cast<long long>(tiles),
                static_cast<long long>(passes), static_cast<long long>(seed));
    std::printf("cycles RTL         %lld (weight loads and passes)\n", static_cast<long long>(rtl_total));
    std::printf("cycles model       %lld\n", static_cast<long long>(model_total));
    std::printf("agreement          %lld of %lld passes exact (%lld cycle mismatches)\n",
                static_cast<long long>(passes - passes_off), static_cast<long long>(passes),
                static_cast<long long>(mismatches.size()));
    std::printf("output mismatches  %lld (against the golden integer model)\n",
                static_cast<long long>(output_mismatches));
    std::printf("result             %s\n", ok ? "PASS" : "FAIL");
  }
  return ok ? 0 : 1;
}

}  // namespace apq::cli
