// apq lut validate: parses for calibration::validate_lut (calibration/lut_validation.h) and prints
// its summary (text or JSON) and, asked, the per-sample CSV.
#include <cstdio>

#include <nlohmann/json.hpp>

#include "calibration/lut_file.h"
#include "calibration/lut_validation.h"
#include "cli/options.h"
#include "common/atomic_file.h"
#include "search/space/space_file.h"
#include "sim/accel_config.h"

namespace apq::cli {

int run_lut_validate(const std::vector<std::string>& args) {
  po::options_description desc("options");
  desc.add_options()
      ("lut", po::value<std::string>()->required(), "LUT file (context-aware or APQ's JSON format)")
      ("space", po::value<std::string>()->required(), "search space the LUT was built for")
      ("accel", po::value<std::string>()->required(), "accelerator the LUT was built for")
      ("samples", po::value<std::int64_t>()->default_value(200), "random sub-networks")
      ("seed", po::value<std::int64_t>()->default_value(1), "random seed")
      ("csv", po::value<std::string>(), "write one row per sample to this file")
      ("json", "print the summary as JSON");
  po::variables_map vm;
  if (!parse_options("lut validate",
                     "--lut FILE --space FILE --accel FILE [--samples N] [--seed S] [--csv FILE] [--json]",
                     args, desc, vm)) {
    return 0;
  }
  const auto samples = int_option(vm, "samples", 1, 10000000);
  const auto seed = int_option(vm, "seed", 0, INT64_MAX);
  const std::string lut_path = vm["lut"].as<std::string>();
  const search::Space space = search::load_space(vm["space"].as<std::string>());
  const sim::AccelConfig accel = sim::load_accel_config(vm["accel"].as<std::string>());
  const calibration::Lut table = calibration::load_lut(lut_path);
  const calibration::LutValidation v =
      calibration::validate_lut(table, lut_path, space, accel, samples, static_cast<std::uint64_t>(seed));
  if (vm.count("csv")) write_file_atomically(vm["csv"].as<std::string>(), calibration::validation_csv(v));

  if (vm.count("json")) {
    nlohmann::ordered_json j;
    j["lut"] = lut_path;
    j["space"] = space.name;
    j["accel"] = accel.name;
    j["samples"] = samples;
    j["seed"] = seed;
    j["latency_rel_error"] = calibration::error_summary_json(v.latency);
    j["energy_rel_error"] = calibration::error_summary_json(v.energy);
    std::printf("%s\n", j.dump(2).c_str());
    return 0;
  }
  std::printf("LUT %s vs full-network simulation (cycle mode) of %lld random sub-networks of %s on %s, seed %lld\n",
              lut_path.c_str(), static_cast<long long>(samples), space.name.c_str(), accel.name.c_str(),
              static_cast<long long>(seed));
  std::printf("relative error (LUT - sim) / sim\n");
  std::printf("%-8s %9s %9s %9s %9s %12s %10s %10s\n", "metric", "mean|e|", "median|e|", "p95|e|", "max|e|",
              "mean signed", "signed p5", "signed p95");
  const auto row = [](const char* name, const ErrorSummary& s) {
    std::printf("%-8s %8.3f%% %8.3f%% %8.3f%% %8.3f%% %11.3f%% %9.3f%% %9.3f%%\n", name, 100 * s.mean_abs,
                100 * s.median_abs, 100 * s.p95_abs, 100 * s.max_abs, 100 * s.mean_signed,
                100 * s.p5_signed, 100 * s.p95_signed);
  };
  row("latency", v.latency);
  row("energy", v.energy);
  return 0;
}

}  // namespace apq::cli
