#include "calibration/diff.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "common/statistics.h"

namespace apq::calibration {

namespace {

MetricDiff metric_diff(const std::vector<std::string>& keys, const std::vector<double>& a,
                       const std::vector<double>& b, std::size_t worst_count) {
  MetricDiff d;
  std::vector<double> ratios;
  std::vector<MetricDiff::Worst> all;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    double ratio;
    if (a[i] > 0.0) {
      ratio = b[i] / a[i];
    } else if (b[i] == 0.0) {
      ratio = 1.0;
    } else {
      ++d.undefined;
      all.push_back({keys[i], a[i], b[i], std::numeric_limits<double>::infinity()});
      continue;
    }
    ratios.push_back(ratio);
    all.push_back({keys[i], a[i], b[i], ratio});
  }
  d.compared = ratios.size();
  d.ratio_median = percentile(ratios, 50);
  d.ratio_p5 = percentile(ratios, 5);
  d.ratio_p95 = percentile(ratios, 95);
  d.spearman = spearman(a, b);
  d.kendall_tau_b = kendall_tau_b(a, b);
  const auto distance = [](const MetricDiff::Worst& w) {
    return w.ratio > 0.0 ? std::fabs(std::log(w.ratio)) : std::numeric_limits<double>::infinity();
  };
  // Stable, so that ties keep key order and the report is deterministic.
  std::stable_sort(all.begin(), all.end(),
                   [&](const MetricDiff::Worst& x, const MetricDiff::Worst& y) { return distance(x) > distance(y); });
  all.resize(std::min(all.size(), worst_count));
  d.worst = all;
  return d;
}

}  // namespace

LutDiff diff_luts(const Lut& a, const Lut& b, std::size_t worst_count) {
  LutDiff diff;
  std::vector<std::string> keys;
  std::vector<double> la, lb, ea, eb;
  for (const auto& [key, value] : a) {
    const auto other = b.find(key);
    if (other == b.end()) {
      diff.only_in_a.push_back(key);
      continue;
    }
    keys.push_back(key);
    la.push_back(value.latency_ms);
    lb.push_back(other->second.latency_ms);
    ea.push_back(value.energy_mj);
    eb.push_back(other->second.energy_mj);
  }
  for (const auto& [key, value] : b)
    if (!a.count(key)) diff.only_in_b.push_back(key);
  diff.in_both = keys.size();
  diff.latency = metric_diff(keys, la, lb, worst_count);
  diff.energy = metric_diff(keys, ea, eb, worst_count);
  return diff;
}

}  // namespace apq::calibration
