// apq lut diff: how two LUTs (two tools, two accelerator variants, ours and APQ's) differ.
#include <cmath>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "cli/options.h"
#include "calibration/diff.h"
#include "calibration/lut_file.h"

namespace apq::cli {

namespace {

nlohmann::ordered_json number(double v) {
  return std::isfinite(v) ? nlohmann::ordered_json(v) : nlohmann::ordered_json(nullptr);
}

nlohmann::ordered_json metric_json(const calibration::MetricDiff& d) {
  nlohmann::ordered_json j;
  j["compared"] = d.compared;
  j["undefined_ratios"] = d.undefined;
  j["ratio_median"] = number(d.ratio_median);
  j["ratio_p5"] = number(d.ratio_p5);
  j["ratio_p95"] = number(d.ratio_p95);
  j["spearman"] = number(d.spearman);
  j["kendall_tau_b"] = number(d.kendall_tau_b);
  nlohmann::ordered_json worst = nlohmann::ordered_json::array();
  for (const auto& w : d.worst) worst.push_back({{"key", w.key}, {"a", w.a}, {"b", w.b}, {"ratio", number(w.ratio)}});
  j["worst"] = worst;
  return j;
}

void print_metric(const char* name, const calibration::MetricDiff& d) {
  std::printf("\n%s (B / A over %zu keys%s)\n", name, d.compared,
              d.undefined ? (", " + std::to_string(d.undefined) + " with A = 0 < B left out").c_str() : "");
  std::printf("  ratio median %.6g   5th pct %.6g   95th pct %.6g\n", d.ratio_median, d.ratio_p5, d.ratio_p95);
  std::printf("  Spearman %.6f   Kendall tau-b %.6f\n", d.spearman, d.kendall_tau_b);
  std::printf("  worst entries (largest |log ratio|):\n");
  for (const auto& w : d.worst)
    std::printf("    %-44s A %-12.6g B %-12.6g ratio %.4g\n", w.key.c_str(), w.a, w.b, w.ratio);
}

}  // namespace

int run_lut_diff(const std::vector<std::string>& args) {
  po::options_description desc("options");
  desc.add_options()
      ("a", po::value<std::string>()->required(), "first LUT (A)")
      ("b", po::value<std::string>()->required(), "second LUT (B)")
      ("worst", po::value<std::int64_t>()->default_value(10), "entries to list with the largest |log(B / A)|")
      ("json", "print the result as JSON");
  po::positional_options_description positional;
  positional.add("a", 1).add("b", 1);
  po::variables_map vm;
  if (!parse_options("lut diff", "A.json B.json [--worst N] [--json]", args, desc, vm, &positional)) return 0;
  const auto worst = static_cast<std::size_t>(int_option(vm, "worst", 0, 1000000));
  const std::string a_path = vm["a"].as<std::string>();
  const std::string b_path = vm["b"].as<std::string>();
  const calibration::Lut a = calibration::load_lut(a_path);
  const calibration::Lut b = calibration::load_lut(b_path);
  const calibration::LutDiff diff = calibration::diff_luts(a, b, worst);

  if (vm.count("json")) {
    nlohmann::ordered_json j;
    j["a"] = a_path;
    j["b"] = b_path;
    j["in_both"] = diff.in_both;
    j["only_in_a"] = diff.only_in_a;
    j["only_in_b"] = diff.only_in_b;
    j["latency"] = metric_json(diff.latency);
    j["energy"] = metric_json(diff.energy);
    std::printf("%s\n", j.dump(2).c_str());
    return 0;
  }
  std::printf("A %s: %zu keys\nB %s: %zu keys\n", a_path.c_str(), a.size(), b_path.c_str(), b.size());
  std::printf("in both %zu, only in A %zu, only in B %zu\n", diff.in_both, diff.only_in_a.size(),
              diff.only_in_b.size());
  for (std::size_t i = 0; i < diff.only_in_a.size() && i < 5; ++i)
    std::printf("  only in A: %s\n", diff.only_in_a[i].c_str());
  for (std::size_t i = 0; i < diff.only_in_b.size() && i < 5; ++i)
    std::printf("  only in B: %s\n", diff.only_in_b[i].c_str());
  if (diff.in_both == 0) return 0;
  print_metric("latency (ms)", diff.latency);
  print_metric("energy (mJ)", diff.energy);
  return 0;
}

}  // namespace apq::cli
