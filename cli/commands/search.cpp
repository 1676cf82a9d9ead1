// apq search: APQ's evolution over architecture and quantization policy, scored by the
// accuracy predictor, costed by the LUT, under latency / energy / BitOps constraints.
#include <cmath>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "cli/options.h"
#include "cli/output.h"
#include "common/atomic_file.h"
#include "common/errors.h"
#include "common/progress.h"
#include "lut/lut_cost_model.h"
#include "lut/lut_file.h"
#include "search/evolution/evolution.h"
#include "search/evolution/pareto.h"
#include "search/evolution/report.h"
#include "search/evolution/strategy.h"
#include "search/predictor/mlp_predictor.h"
#include "search/space/space_file.h"

namespace apq::cli {
namespace {

std::optional<double> positive_option(const po::variables_map& vm, const std::string& name, const char* unit) {
  if (!vm.count(name)) return std::nullopt;
  const double value = vm[name].as<double>();
  if (!std::isfinite(value) || value <= 0.0)
    throw UsageError("--" + name + " must be a positive number of " + unit + ", got " + nlohmann::json(value).dump());
  return value;
}

}  // namespace

int run_search(const std::vector<std::string>& args) {
  po::options_description desc("options");
  desc.add_options()
      ("space", po::value<std::string>()->required(), "search space (configs/spaces/*.json)")
      ("lut", po::value<std::string>()->required(), "LUT of the space (apq lut build)")
      ("predictor", po::value<std::string>()->required(), "accuracy predictor file (search/README.md)")
      ("latency", po::value<double>(), "latency bound, ms (by the LUT)")
      ("energy", po::value<double>(), "energy bound, mJ (by the LUT)")
      ("bitops", po::value<double>(), "BitOps bound, G")
      ("strategy", po::value<std::string>()->default_value("joint"), "joint, or fixed-bits:B (architecture only)")
      ("seed", po::value<std::int64_t>()->default_value(1), "random seed")
      ("population", po::value<std::int64_t>()->default_value(100), "initial population")
      ("parents", po::value<std::int64_t>()->default_value(25), "parents kept per generation")
      ("mutants", po::value<std::int64_t>()->default_value(50), "mutated children per generation")
      ("crossovers", po::value<std::int64_t>()->default_value(50), "crossover children per generation")
      ("generations", po::value<std::int64_t>()->default_value(500), "generations")
      ("mutation-prob", po::value<double>()->default_value(0.1, "0.1"), "probability of re-drawing each gene")
      ("top-k", po::value<std::int64_t>()->default_value(10), "distinct networks of the final population to print")
      ("pareto", "also print the accuracy / latency / energy Pareto front of every candidate evaluated")
      ("history", po::value<std::string>(), "write the best of each generation to this CSV file");
  add_output_option(desc);
  po::variables_map vm;
  if (!parse_options("search",
                     "--space FILE --lut FILE --predictor FILE [--latency MS] [--energy MJ] [--bitops G] "
                     "[--strategy joint|fixed-bits:B] [--seed S] [--pareto] [--history FILE] [--output FILE]",
                     args, desc, vm))
    return 0;

  search::Constraints constraints;
  constraints.latency_ms = positive_option(vm, "latency", "ms");
  constraints.energy_mj = positive_option(vm, "energy", "mJ");
  if (const auto g = positive_option(vm, "bitops", "G")) constraints.bitops = *g * 1e9;
  if (!constraints.latency_ms && !constraints.energy_mj && !constraints.bitops)
    throw UsageError("give at least one constraint: --latency MS, --energy MJ or --bitops G");
  search::EvolutionParams params;
  params.population = static_cast<int>(int_option(vm, "population", 1, 100000));
  params.parents = static_cast<int>(int_option(vm, "parents", 1, params.population));
  params.mutants = static_cast<int>(int_option(vm, "mutants", 0, 100000));
  params.crossovers = static_cast<int>(int_option(vm, "crossovers", 0, 100000));
  params.generations = static_cast<int>(int_option(vm, "generations", 0, 1000000));
  params.seed = static_cast<std::uint64_t>(int_option(vm, "seed", 0, INT64_MAX));
  params.mutation_probability = vm["mutation-prob"].as<double>();
  if (!(params.mutation_probability >= 0.0 && params.mutation_probability <= 1.0))
    throw UsageError("--mutation-prob must be in [0, 1], got " + nlohmann::json(params.mutation_probability).dump());
  params.keep_evaluated = vm.count("pareto") != 0;
  const auto top_k = static_cast<std::size_t>(int_option(vm, "top-k", 1, 100000));
  const search::Strategy strategy = search::parse_strategy(vm["strategy"].as<std::string>());

  const search::Space space = search::load_space(vm["space"].as<std::string>());
  const search::Space sampled = search::strategy_space(space, strategy);
  const std::string lut_path = vm["lut"].as<std::string>();
  const lut::LutCostModel cost_model(lut::load_lut(lut_path), sampled, lut_path);
  const std::string predictor_path = vm["predictor"].as<std::string>();
  const search::PredictorWeights weights = search::load_predictor(predictor_path);
  if (!strategy.fixed_bits && weights.kind != search::PredictorKind::Quant)
    throw InputError(predictor_path + ": kind = " + search::predictor_kind_name(weights.kind) +
                     ": --strategy joint needs a quantization-aware predictor (kind quant), which sees each "
                     "candidate's policy");
  const search::MlpPredictor predictor(space, weights, predictor_path);
  search::check_feasible(constraints, cost_model.minimum());  // before any progress output

  std::fprintf(stderr, "search: space %s, %s, constraints %s, %d generations\n", space.name.c_str(),
               search::strategy_text(strategy).c_str(), search::constraints_text(constraints).c_str(),
               params.generations);
  Progress progress("evolution", params.generations + 1, "generations");
  const search::EvolutionResult result = search::run_evolution(
      sampled, cost_model, predictor, constraints, params, [&](int) { progress.advance(); });
  progress.finish();
  std::fprintf(stderr, "search: %lld networks scored, %lld repeats served from the cache\n",
               static_cast<long long>(result.predictions), static_cast<long long>(result.cache_hits));

  nlohmann::ordered_json out;
  out["space"] = space.name;
  out["strategy"] = search::strategy_text(strategy);
  nlohmann::ordered_json bounds = nlohmann::ordered_json::object();
  if (constraints.latency_ms) bounds["latency"] = *constraints.latency_ms;
  if (constraints.energy_mj) bounds["energy"] = *constraints.energy_mj;
  if (constraints.bitops) bounds["bitops"] = *constraints.bitops / 1e9;
  out["constraints"] = bounds;
  out["seed"] = params.seed;
  out["generations"] = params.generations;
  out["networks_scored"] = result.predictions;
  out["best"] = search::candidate_json(space, result.population.front());
  out["top"] = nlohmann::ordered_json::array();
  for (const search::Candidate& c : search::top_distinct(space, result.population, top_k))
    out["top"].push_back(search::candidate_json(space, c));
  if (params.keep_evaluated) {
    out["pareto"] = nlohmann::ordered_json::array();
    for (const search::Candidate& c : search::pareto_front(result.evaluated))
      out["pareto"].push_back(search::candidate_json(space, c));
  }
  if (vm.count("history")) write_file_atomically(vm["history"].as<std::string>(), search::history_csv(result.history));
  write_result(vm, out.dump(2) + "\n");
  return 0;
}

}  // namespace apq::cli
