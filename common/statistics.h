#pragma once
#include <vector>

namespace apq {

// Percentile p in [0, 100] with linear interpolation between order statistics (numpy's default).
// NaN for an empty list.
double percentile(std::vector<double> values, double p);

double mean(const std::vector<double>& values);

// Ranks 1..n, ties sharing the average of the ranks they span.
std::vector<double> average_ranks(const std::vector<double>& values);

// Pearson correlation; NaN when either list is constant or they are shorter than 2.
double pearson(const std::vector<double>& x, const std::vector<double>& y);

// Spearman's rho: Pearson of the average ranks (handles ties).
double spearman(const std::vector<double>& x, const std::vector<double>& y);

// The fraction of the pairs whose truths differ that `estimate` orders the same way (a tie in
// the estimate counts as a wrong order): APQ's pairwise accuracy of a predictor. NaN when all
// truths are equal. O(n^2).
double pairwise_accuracy(const std::vector<double>& estimate, const std::vector<double>& truth);

// Kendall's tau-b (ties in either list corrected); NaN when either list is constant. O(n^2),
// which is a fraction of a second for the 7,013 rows of the APQ table.
double kendall_tau_b(const std::vector<double>& x, const std::vector<double>& y);

// |estimate - truth| / truth summarised: mean, median, max (and the signed mean, to tell a bias
// from noise).
struct ErrorSummary {
  double mean_abs = 0.0;
  double median_abs = 0.0;
  double max_abs = 0.0;
  double mean_signed = 0.0;
  double p95_abs = 0.0;
  double p5_signed = 0.0;   // 5th and 95th percentiles of the signed errors
  double p95_signed = 0.0;
};

// (estimate - truth) / truth; truth must be positive (0/0 counts as no error).
double relative_error(double estimate, double truth);

ErrorSummary summarize_errors(const std::vector<double>& signed_relative_errors);

}  // namespace apq
