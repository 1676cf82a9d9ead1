#pragma once
#include <string>
#include <vector>

#include "calibration/lut.h"

namespace apq::calibration {

// How B's values compare with A's for one metric over the keys in both.
struct MetricDiff {
  std::size_t compared = 0;      // keys whose ratio is defined (A > 0, or both 0)
  std::size_t undefined = 0;     // A = 0 < B: no finite ratio
  double ratio_median = 0.0;     // B / A
  double ratio_p5 = 0.0;
  double ratio_p95 = 0.0;
  double spearman = 0.0;         // over all keys in both
  double kendall_tau_b = 0.0;
  struct Worst {
    std::string key;
    double a = 0.0;
    double b = 0.0;
    double ratio = 0.0;
  };
  std::vector<Worst> worst;      // largest |log(B / A)| first
};

struct LutDiff {
  std::size_t in_both = 0;
  std::vector<std::string> only_in_a;
  std::vector<std::string> only_in_b;
  MetricDiff latency;
  MetricDiff energy;
};

LutDiff diff_luts(const Lut& a, const Lut& b, std::size_t worst_count);

}  // namespace apq::calibration
