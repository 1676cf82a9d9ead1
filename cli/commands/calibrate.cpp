// apq calibrate: parses for calibration::calibrate_against_rtl (calibration/rtl_calibration.h) and
// prints its result; exit 1 when the model and the RTL disagree.
#include <cstdio>

#include <nlohmann/json.hpp>

#include "calibration/rtl_calibration.h"
#include "cli/options.h"
#include "sim/accel_config.h"

namespace apq::cli {

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
  calibration::RtlCalibrationRequest request;
  request.tiles = int_option(vm, "tiles", 1, 100000000);
  request.seed = static_cast<std::uint64_t>(int_option(vm, "seed", 0, INT64_MAX));
  request.max_pixels = int_option(vm, "max-pixels", 1, 65535);
  request.max_steps = int_option(vm, "max-steps", 1, 4096);
  const std::string accel_path = vm["accel"].as<std::string>();
  const sim::AccelConfig accel = sim::load_accel_config(accel_path);
  const calibration::RtlCalibration r = calibration::calibrate_against_rtl(accel, accel_path, request);

  for (std::size_t i = 0; i < r.mismatches.size() && i < 10; ++i) {
    const calibration::CycleMismatch& m = r.mismatches[i];
    std::fprintf(stderr, "mismatch (%s): A%d W%d, %d pixels, %d steps: RTL %lld, model %lld\n", m.what.c_str(),
                 m.abits, m.wbits, m.pixels, m.steps, static_cast<long long>(m.rtl), static_cast<long long>(m.model));
  }
  if (vm.count("json")) {
    nlohmann::ordered_json j;
    j["accel"] = accel.name;
    j["array"] = r.array;
    j["tiles"] = request.tiles;
    j["passes"] = r.passes;
    j["cycle_mismatches"] = r.mismatches.size();
    j["output_mismatches"] = r.output_mismatches;
    j["rtl_cycles"] = r.rtl_cycles;
    j["model_cycles"] = r.model_cycles;
    j["pass"] = r.agrees();
    std::printf("%s\n", j.dump(2).c_str());
  } else {
    std::printf("accelerator        %s (%s array, weight bank %lld steps)\n", accel.name.c_str(), r.array.c_str(),
                static_cast<long long>(r.weight_depth));
    std::printf("tiles              %lld (%lld RTL passes), seed %llu\n", static_cast<long long>(request.tiles),
                static_cast<long long>(r.passes), static_cast<unsigned long long>(request.seed));
    std::printf("cycles RTL         %lld (weight loads and passes)\n", static_cast<long long>(r.rtl_cycles));
    std::printf("cycles model       %lld\n", static_cast<long long>(r.model_cycles));
    std::printf("agreement          %lld of %lld passes exact (%zu cycle mismatches)\n",
                static_cast<long long>(r.exact_passes), static_cast<long long>(r.passes), r.mismatches.size());
    std::printf("output mismatches  %lld (against the golden integer model)\n",
                static_cast<long long>(r.output_mismatches));
    std::printf("result             %s\n", r.agrees() ? "PASS" : "FAIL");
  }
  return r.agrees() ? 0 : 1;
}

}  // namespace apq::cli
