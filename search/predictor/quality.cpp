#include "search/predictor/quality.h"

#include <cmath>
#include <limits>

#include "common/statistics.h"

namespace apq::search {

PredictorQuality predictor_quality(const std::vector<double>& predicted, const std::vector<double>& measured) {
  PredictorQuality q;
  q.samples = measured.size();
  double squared = 0.0;
  for (std::size_t i = 0; i < measured.size(); ++i) squared += (predicted[i] - measured[i]) * (predicted[i] - measured[i]);
  q.rmse = measured.empty() ? std::numeric_limits<double>::quiet_NaN() : std::sqrt(squared / measured.size());
  q.pairwise_accuracy = pairwise_accuracy(predicted, measured);
  q.kendall_tau = kendall_tau_b(predicted, measured);
  return q;
}

}  // namespace apq::search
