#include "search/predictor/quality.h"

#include <cmath>
#include <limits>

#include "lut/statistics.h"

namespace apq::search {

PredictorQuality predictor_quality(const std::vector<double>& predicted, const std::vector<double>& measured) {
  PredictorQuality q;
  q.samples = measured.size();
  double squared = 0.0;
  for (std::size_t i = 0; i < measured.size(); ++i) squared += (predicted[i] - measured[i]) * (predicted[i] - measured[i]);
  q.rmse = measured.empty() ? std::numeric_limits<double>::quiet_NaN() : std::sqrt(squared / measured.size());
  long long agree = 0, pairs = 0;
  for (std::size_t i = 0; i < measured.size(); ++i)
    for (std::size_t j = i + 1; j < measured.size(); ++j) {
      if (measured[i] == measured[j]) continue;
      ++pairs;
      agree += (predicted[i] < predicted[j]) == (measured[i] < measured[j]) && predicted[i] != predicted[j];
    }
  q.pairwise_accuracy = pairs == 0 ? std::numeric_limits<double>::quiet_NaN() : static_cast<double>(agree) / pairs;
  q.kendall_tau = lut::kendall_tau_b(predicted, measured);
  return q;
}

}  // namespace apq::search
