#include "common/statistics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace apq {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return kNaN;
  std::sort(values.begin(), values.end());
  const double position = p / 100.0 * static_cast<double>(values.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(position));
  const std::size_t above = std::min(below + 1, values.size() - 1);
  const double fraction = position - static_cast<double>(below);
  return values[below] + (values[above] - values[below]) * fraction;
}

double mean(const std::vector<double>& values) {
  if (values.empty()) return kNaN;
  return std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
}

std::vector<double> average_ranks(const std::vector<double>& values) {
  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
  std::vector<double> ranks(values.size());
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i;
    while (j + 1 < order.size() && values[order[j + 1]] == values[order[i]]) ++j;
    const double rank = (static_cast<double>(i) + static_cast<double>(j)) / 2.0 + 1.0;
    for (std::size_t k = i; k <= j; ++k) ranks[order[k]] = rank;
    i = j + 1;
  }
  return ranks;
}

double pearson(const std::vector<double>& x, const std::vector<double>& y) {
  if (x.size() != y.size() || x.size() < 2) return kNaN;
  const double mx = mean(x);
  const double my = mean(y);
  double sxy = 0.0, sxx = 0.0, syy = 0.0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
    syy += (y[i] - my) * (y[i] - my);
  }
  if (sxx == 0.0 || syy == 0.0) return kNaN;
  return sxy / std::sqrt(sxx * syy);
}

double spearman(const std::vector<double>& x, const std::vector<double>& y) {
  return pearson(average_ranks(x), average_ranks(y));
}

double pairwise_accuracy(const std::vector<double>& estimate, const std::vector<double>& truth) {
  long long agree = 0, pairs = 0;
  for (std::size_t i = 0; i < truth.size(); ++i)
    for (std::size_t j = i + 1; j < truth.size(); ++j) {
      if (truth[i] == truth[j]) continue;
      ++pairs;
      agree += (estimate[i] < estimate[j]) == (truth[i] < truth[j]) && estimate[i] != estimate[j];
    }
  return pairs == 0 ? std::numeric_limits<double>::quiet_NaN() : static_cast<double>(agree) / pairs;
}

double kendall_tau_b(const std::vector<double>& x, const std::vector<double>& y) {
  if (x.size() != y.size() || x.size() < 2) return kNaN;
  // Counts in integers so that identical inputs give exactly 1.
  long long concordant_minus_discordant = 0;
  long long pairs_untied_x = 0, pairs_untied_y = 0;
  for (std::size_t i = 0; i < x.size(); ++i)
    for (std::size_t j = i + 1; j < x.size(); ++j) {
      const int sx = (x[i] < x[j]) - (x[i] > x[j]);
      const int sy = (y[i] < y[j]) - (y[i] > y[j]);
      concordant_minus_discordant += sx * sy;
      pairs_untied_x += sx != 0;
      pairs_untied_y += sy != 0;
    }
  if (pairs_untied_x == 0 || pairs_untied_y == 0) return kNaN;
  return static_cast<double>(concordant_minus_discordant) /
         std::sqrt(static_cast<double>(pairs_untied_x) * static_cast<double>(pairs_untied_y));
}

double relative_error(double estimate, double truth) {
  if (truth == 0.0) return estimate == 0.0 ? 0.0 : std::numeric_limits<double>::infinity();
  return (estimate - truth) / truth;
}

ErrorSummary summarize_errors(const std::vector<double>& errors) {
  ErrorSummary s;
  if (errors.empty()) return s;
  std::vector<double> abs_errors;
  for (double e : errors) abs_errors.push_back(std::fabs(e));
  s.mean_abs = mean(abs_errors);
  s.median_abs = percentile(abs_errors, 50);
  s.p95_abs = percentile(abs_errors, 95);
  s.max_abs = *std::max_element(abs_errors.begin(), abs_errors.end());
  s.mean_signed = mean(errors);
  s.p5_signed = percentile(errors, 5);
  s.p95_signed = percentile(errors, 95);
  return s;
}

}  // namespace apq
