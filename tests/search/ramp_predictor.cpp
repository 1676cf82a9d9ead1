#include "tests/search/ramp_predictor.h"

namespace apq::testing {

search::PredictorWeights ramp_predictor(const search::Space& space, search::PredictorKind kind) {
  search::PredictorWeights w = search::zero_predictor(space, kind, 2);
  for (int i = 0; i < w.arch_inputs; ++i) w.first.weight[i] = 1e-3f * static_cast<float>(i % 5);
  for (int i = 0; i < w.quant_inputs; ++i) w.quant.weight[i] = 1e-3f * static_cast<float>(i % 3);
  w.second.weight = {1, 0, 0, 1};
  w.third.weight = {1, 0, 0, 1};
  w.output.weight = {1, 0};
  w.output.bias = {0.5f};
  return w;
}

}  // namespace apq::testing
