#pragma once
#include <vector>

#include "search/space/subnet_config.h"

namespace apq::search {

// What the evolution asks of an accuracy predictor: one call per batch of candidates, so that an
// implementation can use batched matrix products. Implementations: MlpPredictor
// (search/predictor/mlp_predictor.h); tests use synthetic ones.
class AccuracyModel {
 public:
  virtual ~AccuracyModel() = default;
  // The predicted accuracy (a fraction) of each config, in order. Every config is valid for the
  // space the model was built for, quantization policy included.
  virtual std::vector<double> predict(const std::vector<SubnetConfig>& configs) const = 0;
};

}  // namespace apq::search
