// apq rtl-check: random tiles through the Verilated fusion array, checked against the golden
// integer model (outputs) and the closed-form tile timing (cycles).
#include <chrono>
#include <cstdio>
#include <iostream>
#include <random>

#include "cli/options.h"
#include "common/progress.h"
#include "common/random.h"
#include "rtl/fusion_array_sim.h"

namespace apq::cli {

int run_rtl_check(const std::vector<std::string>& args) {
  po::options_description desc("options");
  desc.add_options()
      ("rows", po::value<std::int64_t>()->required(), "array rows (a Verilated shape)")
      ("cols", po::value<std::int64_t>()->required(), "array columns (a Verilated shape)")
      ("tiles", po::value<std::int64_t>()->default_value(200), "random tiles per precision pair")
      ("seed", po::value<std::int64_t>()->default_value(1), "random seed")
      ("max-pixels", po::value<std::int64_t>()->default_value(16), "largest output pixels per tile")
      ("vcd", po::value<std::string>(), "write a waveform (VCD) of the first tile to this file")
      ("json", "print the summary as JSON");
  po::variables_map vm;
  if (!parse_options("rtl-check", "--rows R --cols C [--tiles N] [--seed S] [--vcd FILE]", args,
                     desc, vm)) {
    return 0;
  }
  const auto rows = static_cast<int>(int_option(vm, "rows", 1, 1024));
  const auto cols = static_cast<int>(int_option(vm, "cols", 1, 1024));
  const auto tiles = int_option(vm, "tiles", 1, 100000000);
  const auto seed = int_option(vm, "seed", 0, INT64_MAX);
  const auto max_pixels = static_cast<int>(int_option(vm, "max-pixels", 1, 65535));

  const rtl::ArrayShape shape{rows, cols};
  auto sim = rtl::make_fusion_array_sim(shape);
  if (vm.count("vcd")) sim->trace_to(vm["vcd"].as<std::string>());

  std::mt19937_64 rng(static_cast<std::uint64_t>(seed));
  std::int64_t output_mismatches = 0;
  std::int64_t cycle_mismatches = 0;
  std::int64_t tile_cycles = 0;
  const auto wall_start = std::chrono::steady_clock::now();
  const int bits[] = {2, 4, 8};
  Progress progress("rtl-check " + std::to_string(rows) + "x" + std::to_string(cols), tiles * 9,
                    "tiles");
  for (int a : bits) {
    for (int w : bits) {
      for (std::int64_t i = 0; i < tiles; ++i) {
        const rtl::Precision p{a, w, (rng() & 1u) != 0, (rng() & 1u) != 0};
        const int pixels = static_cast<int>(random_between(rng, 1, max_pixels));
        const int steps = static_cast<int>(random_between(rng, 1, sim->weight_depth()));
        const auto tile = rtl::random_tile(shape, p, pixels, steps, rng);
        const auto run = sim->run_tile(tile);
        sim->stop_trace();
        const auto expected_cycles = rtl::tile_cycles(shape, pixels, steps);
        if (run.outputs != rtl::tile_outputs(shape, tile)) {
          if (++output_mismatches <= 5) {
            std::cerr << "\noutput mismatch: A" << a << " W" << w << " pixels " << pixels
                      << " steps " << steps << "\n";
          }
        }
        if (run.cycles != expected_cycles) {
          if (++cycle_mismatches <= 5) {
            std::cerr << "\ncycle mismatch: A" << a << " W" << w << " pixels " << pixels
                      << " steps " << steps << ": RTL " << run.cycles << ", formula "
                      << expected_cycles << "\n";
          }
        }
        tile_cycles += run.cycles;
        progress.advance();
      }
    }
  }
  progress.finish();
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  const auto simulated = sim->simulated_cycles();
  const double rate = wall > 0 ? static_cast<double>(simulated) / wall : 0.0;
  const bool ok = output_mismatches == 0 && cycle_mismatches == 0;
  if (vm.count("json")) {
    std::printf(
        "{\"rows\": %d, \"cols\": %d, \"tiles\": %lld, \"output_mismatches\": %lld, "
        "\"cycle_mismatches\": %lld, \"tile_cycles\": %lld, \"simulated_cycles\": %llu, "
        "\"wall_seconds\": %.3f, \"cycles_per_second\": %.0f, \"pass\": %s}\n",
        rows, cols, static_cast<long long>(tiles * 9), static_cast<long long>(output_mismatches),
        static_cast<long long>(cycle_mismatches), static_cast<long long>(tile_cycles),
        static_cast<unsigned long long>(simulated), wall, rate, ok ? "true" : "false");
  } else {
    std::printf("array              %dx%d\n", rows, cols);
    std::printf("tiles              %lld (%lld per precision pair, 9 pairs)\n",
                static_cast<long long>(tiles * 9), static_cast<long long>(tiles));
    std::printf("output mismatches  %lld\n", static_cast<long long>(output_mismatches));
    std::printf("cycle mismatches   %lld\n", static_cast<long long>(cycle_mismatches));
    std::printf("tile cycles        %lld\n", static_cast<long long>(tile_cycles));
    std::printf("simulated cycles   %llu (weight loads included)\n",
                static_cast<unsigned long long>(simulated));
    std::printf("wall time          %.3f s\n", wall);
    std::printf("cycles per second  %.0f\n", rate);
    std::printf("result             %s\n", ok ? "PASS" : "FAIL");
  }
  return ok ? 0 : 1;
}

}  // namespace apq::cli
