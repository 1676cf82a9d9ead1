#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "common/statistics.h"

namespace apq {
namespace {

TEST(Statistics, PercentileInterpolatesLikeNumpy) {
  const std::vector<double> v{4, 1, 3, 2, 5};
  EXPECT_DOUBLE_EQ(percentile(v, 50), 3.0);
  EXPECT_DOUBLE_EQ(percentile(v, 0), 1.0);
  EXPECT_DOUBLE_EQ(percentile(v, 100), 5.0);
  EXPECT_DOUBLE_EQ(percentile(v, 5), 1.2);  // numpy.percentile([1..5], 5)
  EXPECT_DOUBLE_EQ(percentile({1, 2, 3, 4}, 50), 2.5);
  EXPECT_TRUE(std::isnan(percentile({}, 50)));
}

TEST(Statistics, TiesShareTheirAverageRank) {
  EXPECT_EQ(average_ranks({10, 20, 10, 30, 20, 20}), (std::vector<double>{1.5, 4, 1.5, 6, 4, 4}));
}

// Reference values: scipy.stats.spearmanr and kendalltau (tau-b) on the examples of their docs.
TEST(Statistics, SpearmanAndKendallMatchScipy) {
  EXPECT_NEAR(spearman({1, 2, 3, 4, 5}, {5, 6, 7, 8, 7}), 0.8207826816681233, 1e-12);
  EXPECT_NEAR(kendall_tau_b({12, 2, 1, 12, 2}, {1, 4, 7, 1, 0}), -0.47140452079103173, 1e-12);
  EXPECT_DOUBLE_EQ(kendall_tau_b({1, 2, 3}, {3, 2, 1}), -1.0);
  EXPECT_TRUE(std::isnan(spearman({1, 1, 1}, {1, 2, 3})));
  EXPECT_TRUE(std::isnan(kendall_tau_b({1, 1, 1}, {1, 2, 3})));
}

TEST(Statistics, PairwiseAccuracyCountsPairsOrderedLikeTheTruth) {
  // Pairs of different truth: (0,1) (0,2) (0,3) (1,3) ordered alike, (1,2) reversed.
  EXPECT_DOUBLE_EQ(pairwise_accuracy({1, 3, 2, 5}, {1, 2, 3, 3}), 0.8);
  EXPECT_DOUBLE_EQ(pairwise_accuracy({1, 1}, {1, 2}), 0.0);  // a tie in the estimate orders nothing
  EXPECT_TRUE(std::isnan(pairwise_accuracy({1, 2}, {4, 4})));
}

TEST(Statistics, RelativeErrorsSummarised) {
  EXPECT_DOUBLE_EQ(relative_error(1.1, 1.0), 0.10000000000000009);
  EXPECT_EQ(relative_error(0.0, 0.0), 0.0);
  const ErrorSummary s = summarize_errors({0.1, -0.3, 0.2});
  EXPECT_NEAR(s.mean_abs, 0.2, 1e-15);
  EXPECT_NEAR(s.median_abs, 0.2, 1e-15);
  EXPECT_NEAR(s.max_abs, 0.3, 1e-15);
  EXPECT_NEAR(s.mean_signed, 0.0, 1e-15);
  // Signed percentiles keep the sign: p5 near the most negative error, p95 near the largest.
  EXPECT_EQ(s.p5_signed, percentile({0.1, -0.3, 0.2}, 5));
  EXPECT_LT(s.p5_signed, -0.2);
  EXPECT_GT(s.p95_signed, 0.15);
}

}  // namespace
}  // namespace apq
