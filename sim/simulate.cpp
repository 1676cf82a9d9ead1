#include "sim/simulate.h"

#include <vector>

#include "sim/array_pass.h"
#include "sim/cycle/network_plan.h"
#include "sim/layer_results.h"
#include "sim/systemc/kernel.h"

namespace apq::sim {

namespace {

std::vector<LayerResult> cycle_results(const AccelConfig& config, const cycle::Job& job,
                                       ArrayPassRunner* runner) {
  const std::vector<cycle::LayerStats> stats = systemc::run_job(job, runner);
  std::vector<LayerResult> results;
  for (std::size_t i = 0; i < job.layers.size(); ++i)
    results.push_back(cycle_layer_result(config, job.layers[i], stats[i]));
  return results;
}

void validate_network(const Network& network) {
  for (const NetworkLayer& layer : network.layers) validate_layer(layer.shape);
}

}  // namespace

LayerResult simulate_layer(const AccelConfig& config, const LayerShape& layer, TimingMode mode,
                           std::optional<bool> im2col) {
  validate_layer(layer);
  const Network network = single_layer_network(layer, im2col);
  if (mode == TimingMode::Reference) return reference_layer_result(config, network.layers[0]);
  const cycle::Job job = cycle::plan_isolated_layers(config, network, cycle::rtl_pass_split());
  return cycle_results(config, job, nullptr).front();
}

NetworkResult simulate_network(const AccelConfig& config, const Network& network, TimingMode mode) {
  validate_network(network);
  std::vector<LayerResult> layers;
  if (mode == TimingMode::Reference) {
    for (const NetworkLayer& layer : network.layers)
      layers.push_back(reference_layer_result(config, layer));
  } else {
    layers = cycle_results(config, cycle::plan_network(config, network, cycle::rtl_pass_split()), nullptr);
  }
  return network_result(config, network.name, mode, std::move(layers));
}

NetworkResult simulate_network_with(const AccelConfig& config, const Network& network,
                                    ArrayPassRunner& runner) {
  validate_network(network);
  const cycle::Job job = cycle::plan_network(config, network, cycle::rtl_pass_split());
  return network_result(config, network.name, TimingMode::Cycle, cycle_results(config, job, &runner));
}

}  // namespace apq::sim
