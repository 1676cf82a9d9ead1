#pragma once
#include <functional>

#include "search/evolution/evolution.h"

namespace apq::search {

// The sequential pipeline the APQ paper compares its joint search with, as three runs of the one
// evolution, each freeing only its own genes (EvolutionParams::genes) of the stage before's best:
//   1. architecture: stage depths and kernels, every block's mid channels at their largest and
//      every bit-width at the space's largest, scored by the fp32 predictor;
//   2. channel pruning: the mid channels of that architecture, fp32 predictor;
//   3. quantization: the bit policy of the pruned network, quantization-aware predictor.
// All three run under the same constraints; stages 1 and 2 are costed at the largest bits (the
// network as the accelerator runs it before it is quantized), so that stage 3 starts from a
// network that meets them and can only trade bits. Stage k uses seed params.seed + k - 1.
struct SequentialResult {
  EvolutionResult architecture;
  EvolutionResult pruning;
  EvolutionResult quantization;  // the pipeline's answer: its population, history, evaluated
};

// Throws apq::InputError like run_evolution, the message prefixed with the stage that failed
// (stage 1 fails when no architecture meets the constraints at the largest bits).
// `on_generation(stage, g)`: stage 1..3, g as in run_evolution.
SequentialResult run_sequential(const Space& space, const CostModel& cost_model, const AccuracyModel& fp32_model,
                                const AccuracyModel& quant_model, const Constraints& constraints,
                                const EvolutionParams& params,
                                const std::function<void(int, int)>& on_generation = {});

}  // namespace apq::search
