// apq-search-speed: how fast the search's three inner parts run on a space: the LUT cost of one
// candidate, one batch of the accuracy predictor, and the whole evolution (random predictor
// weights: speed does not depend on them). Driven by scripts/bench/search_speed.sh.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "cli/options.h"
#include "common/errors.h"
#include "calibration/lut_cost_model.h"
#include "calibration/lut_file.h"
#include "search/evolution/evolution.h"
#include "search/predictor/mlp_predictor.h"
#include "search/space/config_sampling.h"
#include "search/space/space_file.h"

namespace {

using namespace apq;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Uniform in [-scale, scale) from the generator's bits, like PyTorch's default Linear init.
void fill_uniform(search::DenseLayer& layer, std::mt19937_64& rng) {
  const double scale = 1.0 / std::sqrt(static_cast<double>(layer.in));
  const auto draw = [&] { return static_cast<float>(scale * (2.0 * static_cast<double>(rng() >> 11) * 0x1.0p-53 - 1.0)); };
  for (float& w : layer.weight) w = draw();
  for (float& b : layer.bias) b = draw();
}

search::PredictorWeights random_weights(const search::Space& space, int hidden, std::uint64_t seed) {
  search::PredictorWeights w = search::zero_predictor(space, search::PredictorKind::Quant, hidden);
  std::mt19937_64 rng(seed);
  for (search::DenseLayer* layer : {&w.first, &w.quant, &w.second, &w.third, &w.output}) fill_uniform(*layer, rng);
  return w;
}

int run(const std::vector<std::string>& args) {
  cli::po::options_description desc("options");
  desc.add_options()
      ("space", cli::po::value<std::string>()->required(), "search space")
      ("lut", cli::po::value<std::string>()->required(), "LUT of the space")
      ("hidden", cli::po::value<std::int64_t>()->default_value(400), "predictor width")
      ("generations", cli::po::value<std::int64_t>()->default_value(500), "evolution generations")
      ("seed", cli::po::value<std::int64_t>()->default_value(1), "random seed");
  cli::po::variables_map vm;
  if (!cli::parse_options("apq-search-speed", "--space FILE --lut FILE [--hidden 400] [--generations 500]", args,
                          desc, vm))
    return 0;
  const search::Space space = search::load_space(vm["space"].as<std::string>());
  const std::string lut_path = vm["lut"].as<std::string>();
  const auto hidden = static_cast<int>(cli::int_option(vm, "hidden", 1, 4096));
  const auto seed = static_cast<std::uint64_t>(cli::int_option(vm, "seed", 0, INT64_MAX));

  auto start = Clock::now();
  const std::unique_ptr<search::CostModel> cost_model_owner =
      calibration::lut_cost_model(calibration::load_lut(lut_path), space, lut_path);
  const search::CostModel& cost_model = *cost_model_owner;
  std::printf("LUT cost model: built in %.1f ms\n", 1e3 * seconds_since(start));
  const search::MlpPredictor predictor(space, random_weights(space, hidden, seed), "random weights");
  std::printf("predictor: hidden %d, %d architecture + %d quantization inputs\n", hidden,
              predictor.layout().arch_length, predictor.layout().quant_length);

  std::mt19937_64 rng(seed);
  std::vector<search::SubnetConfig> configs;
  for (int i = 0; i < 10000; ++i) configs.push_back(search::random_config(space, rng));

  double checksum = 0.0;
  start = Clock::now();
  for (int repeat = 0; repeat < 10; ++repeat)
    for (const search::SubnetConfig& config : configs) checksum += cost_model.cost(config).latency_ms;
  const double cost_us = 1e6 * seconds_since(start) / (10.0 * configs.size());
  std::printf("LUT cost of one candidate: %.3f us (target <= 2 us)\n", cost_us);

  const std::vector<search::SubnetConfig> batch(configs.begin(), configs.begin() + 100);
  checksum += predictor.predict(batch)[0];  // first call allocates
  const int batches = 200;
  start = Clock::now();
  for (int b = 0; b < batches; ++b) {
    const std::vector<search::SubnetConfig> slice(configs.begin() + 100 * (b % 100), configs.begin() + 100 * (b % 100 + 1));
    checksum += predictor.predict(slice)[0];
  }
  const double batch_ms = 1e3 * seconds_since(start) / batches;
  std::printf("predictor, batch of 100 (encoding included): %.3f ms (target <= 1 ms)\n", batch_ms);

  // A latency bound that about half the random networks meet.
  std::vector<double> latencies;
  for (const search::SubnetConfig& config : configs) latencies.push_back(cost_model.cost(config).latency_ms);
  std::nth_element(latencies.begin(), latencies.begin() + latencies.size() / 2, latencies.end());
  search::Constraints constraints;
  constraints.latency_ms = latencies[latencies.size() / 2];
  search::EvolutionParams params;
  params.generations = static_cast<int>(cli::int_option(vm, "generations", 0, 100000));
  params.seed = seed;
  start = Clock::now();
  const search::EvolutionResult result = search::run_evolution(space, cost_model, predictor, constraints, params);
  const double evolution_s = seconds_since(start);
  std::printf("evolution, population 100, %d generations, latency <= %.4g ms: %.3f s (target <= 0.5 s); "
              "%lld networks scored, %lld from the cache; best predicted %.4f\n",
              params.generations, *constraints.latency_ms, evolution_s, static_cast<long long>(result.predictions),
              static_cast<long long>(result.cache_hits), result.population.front().accuracy);
  std::fprintf(stderr, "(checksum %g)\n", checksum);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(std::vector<std::string>(argv + 1, argv + argc));
  } catch (const apq::UsageError& e) {
    std::fprintf(stderr, "apq-search-speed: %s\n", e.what());
    return 2;
  } catch (const apq::InputError& e) {
    std::fprintf(stderr, "apq-search-speed: %s\n", e.what());
    return 2;
  }
}
