#include <cmath>
#include <random>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "search/predictor/quality.h"
#include "search/predictor/sample_file.h"
#include "search/space/config_file.h"
#include "search/space/config_sampling.h"
#include "space_test_support.h"

namespace apq::search {
namespace {

using testing_support::load_preset;
using testing_support::ScratchDir;
using testing_support::throws_input_error;
using testing_support::write_text;

TEST(SampleFile, ReadsConfigsAndAccuraciesIgnoringOtherKeysAndBlankLines) {
  const Space space = load_preset("fmnist");
  std::mt19937_64 rng(1);
  const SubnetConfig a = random_config(space, rng), b = random_config(space, rng);
  ScratchDir dir;
  const std::string path = dir.path("samples.jsonl");
  write_text(path, nlohmann::json{{"config", config_to_json(space, a)}, {"accuracy", 0.91}}.dump() + "\n\n" +
                       nlohmann::json{{"config", config_to_json(space, b)}, {"accuracy", 0.875}, {"policy", "qat"}}.dump() +
                       "\n");
  const std::vector<AccuracySample> samples = load_samples(space, path);
  ASSERT_EQ(samples.size(), 2u);
  EXPECT_EQ(samples[0].config, a);
  EXPECT_EQ(samples[1].config, b);
  EXPECT_EQ(samples[1].accuracy, 0.875);
}

TEST(SampleFile, BadLinesAreNamed) {
  const Space space = load_preset("fmnist");
  const std::string config = config_to_json(space, largest_config(space)).dump();
  ScratchDir dir;
  const auto rejects = [&](const std::string& text, const std::vector<std::string>& parts) {
    write_text(dir.path("s.jsonl"), text);
    return throws_input_error([&] { load_samples(space, dir.path("s.jsonl")); }, parts);
  };
  EXPECT_TRUE(rejects("{\"config\": " + config + ", \"accuracy\": 0.9}\n{\"config\": ", {"s.jsonl: line 2", "not valid JSON"}));
  EXPECT_TRUE(rejects("{\"config\": " + config + ", \"accuracy\": 91.5}\n", {"line 1: accuracy = 91.5", "fraction"}));
  EXPECT_TRUE(rejects("{\"accuracy\": 0.5}\n", {"line 1", "config"}));
  EXPECT_TRUE(rejects("\n", {"s.jsonl: no samples"}));
  // fmnist's 3x expansion is no choice of the ImageNet space.
  const Space imagenet = load_preset("apq-imagenet224");
  const std::string small = config_to_json(space, smallest_config(space)).dump();
  write_text(dir.path("s.jsonl"), "{\"config\": " + small + ", \"accuracy\": 0.9}\n");
  EXPECT_TRUE(throws_input_error([&] { load_samples(imagenet, dir.path("s.jsonl")); }, {"s.jsonl: line 1: config"}));
}

TEST(PredictorQuality, HandComputed) {
  const PredictorQuality q = predictor_quality({0.1, 0.2, 0.3}, {0.1, 0.3, 0.2});
  EXPECT_EQ(q.samples, 3u);
  EXPECT_NEAR(q.rmse, std::sqrt(0.02 / 3), 1e-12);
  EXPECT_NEAR(q.pairwise_accuracy, 2.0 / 3, 1e-12);
  EXPECT_NEAR(q.kendall_tau, 1.0 / 3, 1e-12);
  const PredictorQuality perfect = predictor_quality({0.5, 0.7, 0.9}, {0.5, 0.7, 0.9});
  EXPECT_EQ(perfect.rmse, 0.0);
  EXPECT_EQ(perfect.pairwise_accuracy, 1.0);
  EXPECT_EQ(perfect.kendall_tau, 1.0);
  // A predictor that ties where the truth does not orders nothing correctly.
  EXPECT_EQ(predictor_quality({0.5, 0.5}, {0.4, 0.6}).pairwise_accuracy, 0.0);
}

}  // namespace
}  // namespace apq::search
