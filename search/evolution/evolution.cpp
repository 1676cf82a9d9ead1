#include "search/evolution/evolution.h"

#include <algorithm>
#include <string>
#include <unordered_map>

#include "common/errors.h"
#include "common/random.h"
#include "search/encoding/encoding.h"
#include "search/space/config_sampling.h"

namespace apq::search {
namespace {

// Scores candidates in batches, each distinct network (encoding) once.
class Scorer {
 public:
  Scorer(const Space& space, const AccuracyModel& model, bool keep_evaluated, EvolutionResult& result)
      : space_(space), layout_(encoding_layout(space)), model_(model), keep_(keep_evaluated), result_(result) {}

  void score(std::vector<Candidate>& batch, std::size_t from) {
    std::vector<std::string> keys;
    std::vector<SubnetConfig> unseen;
    std::vector<std::string> unseen_keys;
    std::vector<std::size_t> unseen_first;
    for (std::size_t i = from; i < batch.size(); ++i) {
      const std::vector<std::int32_t> hot = hot_indices(space_, layout_, batch[i].config);
      keys.emplace_back(reinterpret_cast<const char*>(hot.data()), hot.size() * sizeof(std::int32_t));
      if (scores_.count(keys.back()) == 0 &&
          std::find(unseen_keys.begin(), unseen_keys.end(), keys.back()) == unseen_keys.end()) {
        unseen.push_back(batch[i].config);
        unseen_keys.push_back(keys.back());
        unseen_first.push_back(i);
      }
    }
    if (!unseen.empty()) {
      const std::vector<double> accuracy = model_.predict(unseen);
      for (std::size_t u = 0; u < unseen.size(); ++u) {
        scores_.emplace(unseen_keys[u], accuracy[u]);
        if (keep_) result_.evaluated.push_back({unseen[u], accuracy[u], batch[unseen_first[u]].cost});
      }
    }
    result_.predictions += static_cast<std::int64_t>(unseen.size());
    result_.cache_hits += static_cast<std::int64_t>(keys.size() - unseen.size());
    for (std::size_t i = from; i < batch.size(); ++i) batch[i].accuracy = scores_.at(keys[i - from]);
  }

 private:
  const Space& space_;
  EncodingLayout layout_;
  const AccuracyModel& model_;
  bool keep_;
  EvolutionResult& result_;
  std::unordered_map<std::string, double> scores_;
};

template <typename Generate>
Candidate draw_feasible(const Generate& generate, const CostModel& cost_model, const Constraints& constraints,
                        int max_draws, const char* what) {
  for (int attempt = 0; attempt < max_draws; ++attempt) {
    SubnetConfig config = generate();
    const Cost cost = cost_model.cost(config);
    if (satisfies(cost, constraints)) return {std::move(config), 0.0, cost};
  }
  throw InputError("no " + std::string(what) + " meeting the constraints (" + constraints_text(constraints) +
                   ") in " + std::to_string(max_draws) +
                   " draws: too few sub-networks of the space meet them; loosen the constraints");
}

void best_first(std::vector<Candidate>& population) {
  // Stable: equal scores keep their order, so a seed gives one result everywhere.
  std::stable_sort(population.begin(), population.end(),
                   [](const Candidate& a, const Candidate& b) { return a.accuracy > b.accuracy; });
}

}  // namespace

EvolutionResult run_evolution(const Space& space, const CostModel& cost_model, const AccuracyModel& accuracy_model,
                              const Constraints& constraints, const EvolutionParams& params,
                              const std::function<void(int)>& on_generation) {
  if (params.population < 1 || params.parents < 1 || params.parents > params.population || params.mutants < 0 ||
      params.crossovers < 0 || params.generations < 0 || params.max_draws < 1 ||
      !(params.mutation_probability >= 0.0 && params.mutation_probability <= 1.0))
    throw InputError("evolution parameters out of range: need 1 <= parents <= population, mutants, crossovers and "
                     "generations >= 0, mutation probability in [0, 1]");
  if (!params.genes.all()) validate_config(space, params.base, "the evolution's base config");
  check_feasible(constraints, cost_model.minimum());

  EvolutionResult result;
  Scorer scorer(space, accuracy_model, params.keep_evaluated, result);
  std::mt19937_64 rng(params.seed);
  const std::vector<BlockSlot> slots = block_slots(space);

  std::vector<Candidate> population;
  for (int i = 0; i < params.population; ++i)
    population.push_back(
        draw_feasible([&] { return keep_fixed_genes(random_config(space, slots, rng), params.base, params.genes); },
                      cost_model, constraints, params.max_draws, "random sub-network"));
  scorer.score(population, 0);
  best_first(population);
  result.history.push_back(population.front());
  if (on_generation) on_generation(0);

  for (int generation = 1; generation <= params.generations; ++generation) {
    const std::vector<Candidate> parents(population.begin(), population.begin() + params.parents);
    const auto parent = [&]() -> const SubnetConfig& {
      return parents[random_index(rng, parents.size())].config;
    };
    std::vector<Candidate> next = parents;
    next.reserve(parents.size() + params.mutants + params.crossovers);
    for (int i = 0; i < params.mutants; ++i)
      next.push_back(draw_feasible(
          [&] { return mutate_config(space, slots, parent(), params.mutation_probability, rng, params.genes); },
          cost_model, constraints, params.max_draws, "mutant"));
    for (int i = 0; i < params.crossovers; ++i)
      next.push_back(draw_feasible(
          [&] {
            const SubnetConfig& a = parent();
            const SubnetConfig& b = parent();
            return crossover_configs(a, b, rng, params.genes);
          },
          cost_model, constraints, params.max_draws, "crossover child"));
    scorer.score(next, static_cast<std::size_t>(params.parents));
    best_first(next);
    population = std::move(next);
    result.history.push_back(population.front());
    if (on_generation) on_generation(generation);
  }
  result.population = std::move(population);
  return result;
}

}  // namespace apq::search
