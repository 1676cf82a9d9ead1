#pragma once
#include <cstdint>
#include <functional>
#include <vector>

#include "search/evolution/constraints.h"
#include "search/model/accuracy_model.h"
#include "search/model/cost_model.h"
#include "search/space/config_sampling.h"
#include "search/space/space.h"
#include "search/space/subnet_config.h"

namespace apq::search {

// APQ's evolution (with once-for-all's EvolutionFinder as the model): `population` random
// feasible sub-networks, then per generation the best `parents` are kept and joined by
// `mutants` (mutate_config of a random parent) and `crossovers` (crossover_configs of two
// random parents). Every candidate is costed when drawn; one that breaks the constraints is
// rejected and drawn again. Survivors are scored in one batch per generation, candidates
// already scored (same encoding) from a cache.
struct EvolutionParams {
  int population = 100;
  int parents = 25;
  int mutants = 50;
  int crossovers = 50;
  int generations = 500;
  double mutation_probability = 0.1;
  std::uint64_t seed = 0;
  // Draws allowed for one candidate before the constraints are declared too tight.
  int max_draws = 100000;
  // Keep every distinct candidate scored (for a Pareto front of everything evaluated).
  bool keep_evaluated = false;
  // The genes the evolution may change; every other gene of every candidate is `base`'s (which
  // must then be valid for the space). The initial population draws the free genes at random.
  GeneMask genes;
  SubnetConfig base;
};

struct Candidate {
  SubnetConfig config;
  double accuracy = 0.0;
  Cost cost;
};

struct EvolutionResult {
  std::vector<Candidate> population;  // the final population, best first
  std::vector<Candidate> history;     // the best of each generation, the initial population first
  std::vector<Candidate> evaluated;   // keep_evaluated: every distinct candidate, in scoring order
  std::int64_t predictions = 0;       // candidates the accuracy model was asked about
  std::int64_t cache_hits = 0;        // candidates whose score came from the cache
};

// `space` gives the choices sampled; the models must accept its configs. Throws
// apq::InputError when a candidate cannot be drawn within max_draws, and for a constraint that
// the cost model's minimum shows infeasible. `on_generation(g)` is called after generation g
// (0 = the initial population).
EvolutionResult run_evolution(const Space& space, const CostModel& cost_model, const AccuracyModel& accuracy_model,
                              const Constraints& constraints, const EvolutionParams& params,
                              const std::function<void(int)>& on_generation = {});

}  // namespace apq::search
