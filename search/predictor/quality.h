#pragma once
#include <cstddef>
#include <vector>

namespace apq::search {

// How well predicted accuracies match measured ones.
struct PredictorQuality {
  std::size_t samples = 0;
  double rmse = 0.0;               // fraction
  double pairwise_accuracy = 0.0;  // over all pairs with different measured accuracy: share ordered alike
  double kendall_tau = 0.0;        // tau-b
};

PredictorQuality predictor_quality(const std::vector<double>& predicted, const std::vector<double>& measured);

}  // namespace apq::search
