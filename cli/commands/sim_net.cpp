// apq sim net: a network file run back to back through one accelerator, optionally with the
// Verilated RTL array inside the SystemC model (co-simulation).
#include <string>

#include "cli/sim_options.h"
#include "cli/output.h"
#include "common/errors.h"
#include "sim/accel_config.h"
#include "sim/cosim/cosim.h"
#include "sim/network_file.h"
#include "sim/result_format.h"
#include "sim/simulate.h"

namespace apq::cli {

namespace {

std::string cosim_text(const sim::CosimReport& report) {
  std::string out = sim::network_result_text(report.cosim);
  out += "\nco-simulation with the Verilated " + std::to_string(report.rows) + "x" +
         std::to_string(report.cols) + " array (seed " + std::to_string(report.seed) + ")\n";
  for (const sim::CosimLayerCheck& layer : report.layers) {
    out += "  " + layer.name + ": ";
    if (!layer.checked) {
      out += "vector unit, not on the array\n";
      continue;
    }
    out += std::to_string(layer.outputs) + " outputs, " + std::to_string(layer.output_mismatches) +
           " mismatches; " + std::to_string(layer.passes) + " RTL passes, " +
           std::to_string(layer.pass_cycle_mismatches) + " cycle mismatches; cycles RTL " +
           std::to_string(layer.cosim_cycles) + " / model " + std::to_string(layer.model_cycles) +
           "\n";
  }
  out += std::string("result: ") + (report.pass() ? "PASS" : "FAIL") + "\n";
  return out;
}

}  // namespace

int run_sim_net(const std::vector<std::string>& args) {
  po::options_description desc("options");
  desc.add_options()
      ("accel", po::value<std::string>()->required(), "accelerator configuration (configs/accel/*.json)")
      ("net", po::value<std::string>()->required(), "network file (schema in sim/README.md)")
      ("mode", po::value<std::string>()->default_value("cycle"),
       "cycle (the SystemC model) or reference (the BitFusion authors' analytical model)")
      ("rtl", "co-simulate: run the array layers on the Verilated RTL array with random integer "
              "data, check outputs against an integer convolution and cycles against the model")
      ("seed", po::value<std::int64_t>()->default_value(1), "random seed of the co-simulation data")
      ("json", "print the result as JSON");
  add_output_option(desc);
  po::variables_map vm;
  if (!parse_options("sim net",
                     "--accel FILE --net FILE [--mode cycle|reference] [--json] [--rtl [--seed S]] "
                     "[--output FILE]",
                     args, desc, vm)) {
    return 0;
  }
  const sim::TimingMode mode = timing_mode_option(vm);
  const bool rtl = vm.count("rtl") != 0;
  if (rtl && mode != sim::TimingMode::Cycle)
    throw UsageError("--rtl co-simulates the cycle mode; it cannot be combined with --mode reference");
  const sim::AccelConfig config = sim::load_accel_config(vm["accel"].as<std::string>());
  const sim::Network network = sim::load_network_file(vm["net"].as<std::string>());

  if (!rtl) {
    const sim::NetworkResult result = sim::simulate_network(config, network, mode);
    write_result(vm, vm.count("json") ? sim::network_result_json(result).dump(2) + "\n"
                                      : sim::network_result_text(result));
    return 0;
  }
  sim::CosimOptions options;
  options.seed = static_cast<std::uint64_t>(int_option(vm, "seed", 0, INT64_MAX));
  const sim::CosimReport report = sim::cosimulate_network(config, network, options);
  write_result(vm, vm.count("json") ? sim::cosim_report_json(report).dump(2) + "\n"
                                    : cosim_text(report));
  return report.pass() ? 0 : 1;
}

}  // namespace apq::cli
