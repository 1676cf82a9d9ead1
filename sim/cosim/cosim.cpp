#include "sim/cosim/cosim.h"

#include <random>

#include "sim/array_pass.h"
#include "sim/cosim/integer_conv.h"
#include "sim/cosim/layer_data.h"
#include "sim/cosim/rtl_pass_runner.h"
#include "sim/result_format.h"
#include "sim/simulate.h"

namespace apq::sim {

namespace {

bool same_timing_and_traffic(const LayerResult& a, const LayerResult& b) {
  return a.cost.total_cycles == b.cost.total_cycles &&
         a.cost.compute_cycles == b.cost.compute_cycles &&
         a.cost.stall_cycles == b.cost.stall_cycles && a.fill_drain_cycles == b.fill_drain_cycles &&
         a.array_passes == b.array_passes && a.cost.dram_read_bits == b.cost.dram_read_bits &&
         a.cost.dram_write_bits == b.cost.dram_write_bits;
}

}  // namespace

bool CosimLayerCheck::pass() const {
  return cycles_equal && output_mismatches == 0 && pass_cycle_mismatches == 0;
}

bool CosimReport::pass() const {
  for (const CosimLayerCheck& layer : layers)
    if (!layer.pass()) return false;
  return true;
}

CosimReport cosimulate_network(const AccelConfig& config, const Network& network,
                               const CosimOptions& options) {
  std::mt19937_64 rng(options.seed);
  std::vector<cosim::LayerData> data;
  for (const NetworkLayer& layer : network.layers) {
    validate_layer(layer.shape);
    data.push_back(runs_on_array(layer.op)
                       ? cosim::random_layer_data(layer.shape, options.signed_activations, rng)
                       : cosim::LayerData{});
  }
  cosim::RtlPassRunner runner(
      config, network, [&data](std::size_t layer) -> const cosim::LayerData& { return data[layer]; },
      std::vector<bool>(network.layers.size(), options.signed_activations));

  CosimReport report;
  report.rows = config.rows;
  report.cols = config.cols;
  report.seed = options.seed;
  report.cosim = simulate_network_with(config, network, runner);
  report.model = simulate_network(config, network, TimingMode::Cycle);
  for (std::size_t i = 0; i < network.layers.size(); ++i) {
    const NetworkLayer& layer = network.layers[i];
    CosimLayerCheck check;
    check.name = layer.name;
    check.cosim_cycles = report.cosim.layers[i].cost.total_cycles;
    check.model_cycles = report.model.layers[i].cost.total_cycles;
    check.cycles_equal = same_timing_and_traffic(report.cosim.layers[i], report.model.layers[i]);
    if (runs_on_array(layer.op)) {
      check.checked = true;
      const cosim::LayerRun& run = runner.layer_run(i);
      const std::vector<std::int32_t> expected =
          cosim::integer_convolution(layer.shape, data[i].activations, data[i].weights);
      check.outputs = static_cast<std::int64_t>(expected.size());
      for (std::size_t j = 0; j < expected.size(); ++j)
        if (static_cast<std::int32_t>(run.outputs[j]) != expected[j]) ++check.output_mismatches;
      check.passes = run.passes;
      check.pass_cycle_mismatches = run.pass_cycle_mismatches;
    }
    report.layers.push_back(check);
  }
  return report;
}

nlohmann::ordered_json cosim_report_json(const CosimReport& report) {
  nlohmann::ordered_json out;
  out["array"] = std::to_string(report.rows) + "x" + std::to_string(report.cols);
  out["seed"] = report.seed;
  out["pass"] = report.pass();
  nlohmann::ordered_json layers = nlohmann::ordered_json::array();
  for (const CosimLayerCheck& layer : report.layers) {
    nlohmann::ordered_json entry;
    entry["name"] = layer.name;
    entry["checked"] = layer.checked;
    entry["outputs"] = layer.outputs;
    entry["output_mismatches"] = layer.output_mismatches;
    entry["passes"] = layer.passes;
    entry["pass_cycle_mismatches"] = layer.pass_cycle_mismatches;
    entry["cosim_cycles"] = layer.cosim_cycles;
    entry["model_cycles"] = layer.model_cycles;
    entry["cycles_equal"] = layer.cycles_equal;
    entry["pass"] = layer.pass();
    layers.push_back(entry);
  }
  out["layers"] = layers;
  out["result"] = network_result_json(report.cosim);
  return out;
}

}  // namespace apq::sim
