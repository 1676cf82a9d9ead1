#include "search/evolution/sequential.h"

#include <string>

#include "common/errors.h"

namespace apq::search {
namespace {

struct Stage {
  const char* what;
  GeneMask genes;
};

}  // namespace

SequentialResult run_sequential(const Space& space, const CostModel& cost_model, const AccuracyModel& fp32_model,
                                const AccuracyModel& quant_model, const Constraints& constraints,
                                const EvolutionParams& params, const std::function<void(int, int)>& on_generation) {
  const Stage stages[] = {
      {"architecture (depths and kernels; mid channels and bits at their largest)", {true, true, false, false}},
      {"channel pruning (mid channels of the architecture found)", {false, false, true, false}},
      {"quantization (bit policy of the pruned network)", {false, false, false, true}}};
  SequentialResult result;
  EvolutionResult* outputs[] = {&result.architecture, &result.pruning, &result.quantization};
  SubnetConfig base = largest_config(space);
  for (int k = 0; k < 3; ++k) {
    EvolutionParams stage_params = params;
    stage_params.genes = stages[k].genes;
    stage_params.base = base;
    stage_params.seed = params.seed + static_cast<std::uint64_t>(k);
    const AccuracyModel& model = k < 2 ? fp32_model : quant_model;
    try {
      *outputs[k] = run_evolution(space, cost_model, model, constraints, stage_params,
                                  [&](int generation) {
                                    if (on_generation) on_generation(k + 1, generation);
                                  });
    } catch (const InputError& e) {
      throw InputError("sequential search, stage " + std::to_string(k + 1) + " " + stages[k].what + ": " + e.what());
    }
    base = outputs[k]->population.front().config;
  }
  return result;
}

}  // namespace apq::search
