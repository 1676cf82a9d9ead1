// apq lut validate: is the LUT sum a faithful stand-in for full-network simulation? Random
// sub-networks with random quantization policies, costed both ways.
#include <cstdio>
#include <random>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli/options.h"
#include "calibration/accelerator_network.h"
#include "common/atomic_file.h"
#include "common/progress.h"
#include "calibration/lut_file.h"
#include "calibration/query.h"
#include "common/statistics.h"
#include "search/space/config_file.h"
#include "search/space/config_sampling.h"
#include "search/space/space_file.h"
#include "sim/accel_config.h"
#include "sim/simulate.h"

namespace apq::cli {

namespace {

struct Sample {
  double lut_latency, sim_latency, lut_energy, sim_energy;
  std::string config;
};

// A CSV field with quotes doubled, so a JSON config fits in one column.
std::string csv_quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

nlohmann::ordered_json summary_json(const ErrorSummary& s, const std::vector<double>& errors) {
  nlohmann::ordered_json j;
  j["mean_abs"] = s.mean_abs;
  j["median_abs"] = s.median_abs;
  j["p95_abs"] = s.p95_abs;
  j["max_abs"] = s.max_abs;
  j["mean_signed"] = s.mean_signed;
  j["signed_p5"] = percentile(errors, 5);
  j["signed_p95"] = percentile(errors, 95);
  return j;
}

}  // namespace

int run_lut_validate(const std::vector<std::string>& args) {
  po::options_description desc("options");
  desc.add_options()
      ("lut", po::value<std::string>()->required(), "LUT file (APQ JSON format)")
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

  std::mt19937_64 rng(static_cast<std::uint64_t>(seed));
  std::vector<Sample> rows;
  std::vector<double> latency_errors, energy_errors;
  Progress progress("lut validate", samples, "networks");
  for (std::int64_t i = 0; i < samples; ++i) {
    const search::SubnetConfig config = search::random_config(space, rng);
    const calibration::LutCost cost = calibration::lut_cost(table, space, config, lut_path);
    const sim::NetworkResult full = sim::simulate_network(
        accel, calibration::network_of(space, config, space.name + " sample " + std::to_string(i)), sim::TimingMode::Cycle);
    rows.push_back({cost.latency_ms, full.total.latency_ms, cost.energy_mj, full.total.energy_mj,
                    search::config_to_json(space, config).dump()});
    latency_errors.push_back(relative_error(cost.latency_ms, full.total.latency_ms));
    energy_errors.push_back(relative_error(cost.energy_mj, full.total.energy_mj));
    progress.advance();
  }
  progress.finish();

  if (vm.count("csv")) {
    std::ostringstream csv;
    csv.precision(17);
    csv << "sample,lut_latency_ms,sim_latency_ms,latency_rel_error,lut_energy_mj,sim_energy_mj,"
           "energy_rel_error,config\n";
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const Sample& r = rows[i];
      csv << i << ',' << r.lut_latency << ',' << r.sim_latency << ',' << latency_errors[i] << ','
          << r.lut_energy << ',' << r.sim_energy << ',' << energy_errors[i] << ',' << csv_quoted(r.config) << '\n';
    }
    write_file_atomically(vm["csv"].as<std::string>(), csv.str());
  }

  const ErrorSummary lat = summarize_errors(latency_errors);
  const ErrorSummary en = summarize_errors(energy_errors);
  if (vm.count("json")) {
    nlohmann::ordered_json j;
    j["lut"] = lut_path;
    j["space"] = space.name;
    j["accel"] = accel.name;
    j["samples"] = samples;
    j["seed"] = seed;
    j["latency_rel_error"] = summary_json(lat, latency_errors);
    j["energy_rel_error"] = summary_json(en, energy_errors);
    std::printf("%s\n", j.dump(2).c_str());
    return 0;
  }
  std::printf("LUT %s vs full-network simulation (cycle mode) of %lld random sub-networks of %s on %s, seed %lld\n",
              lut_path.c_str(), static_cast<long long>(samples), space.name.c_str(), accel.name.c_str(),
              static_cast<long long>(seed));
  std::printf("relative error (LUT - sim) / sim\n");
  std::printf("%-8s %9s %9s %9s %9s %12s %10s %10s\n", "metric", "mean|e|", "median|e|", "p95|e|", "max|e|",
              "mean signed", "signed p5", "signed p95");
  const auto row = [](const char* name, const ErrorSummary& s, const std::vector<double>& e) {
    std::printf("%-8s %8.3f%% %8.3f%% %8.3f%% %8.3f%% %11.3f%% %9.3f%% %9.3f%%\n", name, 100 * s.mean_abs,
                100 * s.median_abs, 100 * s.p95_abs, 100 * s.max_abs, 100 * s.mean_signed,
                100 * percentile(e, 5), 100 * percentile(e, 95));
  };
  row("latency", lat, latency_errors);
  row("energy", en, energy_errors);
  return 0;
}

}  // namespace apq::cli
