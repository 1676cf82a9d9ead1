#include <cmath>
#include <fstream>
#include <random>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "search/predictor/mlp_predictor.h"
#include "search/predictor/predictor_file.h"
#include "search/predictor/quality.h"
#include "search/predictor/training/predictor_training.h"
#include "search/space/block_slots.h"
#include "search/space/config_file.h"
#include "search/space/config_sampling.h"
#include "space_test_support.h"

namespace apq::search {
namespace {

using testing_support::load_preset;
using testing_support::preset_path;
using testing_support::ScratchDir;
using testing_support::throws_input_error;
using testing_support::write_text;

// Accuracy that rises with depth, kernel and mid channels and, less, with the bits: a smooth
// function of the encoding a small MLP can learn.
double synthetic_accuracy(const Space& space, const SubnetConfig& config) {
  double score = 0.7;
  for (const BlockSlot& slot : block_slots(space)) {
    if (!block_is_active(space, config, slot.index)) continue;
    const BlockChoice& b = config.blocks[slot.index];
    score += 0.002 * (b.kernel - 3) + 0.002 * b.mid_channels / slot.mid_choices.back();
    score += 0.0005 * (b.pw_w_bits + b.pw_a_bits + b.dw_w_bits + b.dw_a_bits - 16);
  }
  return score;
}

// Writes n samples; returns the file's path and the standard deviation of its accuracies.
std::string write_samples(const ScratchDir& dir, const Space& space, int n, std::uint64_t seed,
                          double* spread = nullptr) {
  std::mt19937_64 rng(seed);
  std::string text;
  double sum = 0, squares = 0;
  for (int i = 0; i < n; ++i) {
    const SubnetConfig config = random_config(space, rng);
    const double accuracy = synthetic_accuracy(space, config);
    sum += accuracy, squares += accuracy * accuracy;
    text += nlohmann::json{{"config", config_to_json(space, config)}, {"accuracy", synthetic_accuracy(space, config)}}
                .dump() +
            "\n";
  }
  if (spread) *spread = std::sqrt(squares / n - (sum / n) * (sum / n));
  const std::string path = dir.path("samples.jsonl");
  write_text(path, text);
  return path;
}

PredictorTrainRequest small_request(const ScratchDir& dir, const std::string& data, PredictorKind kind) {
  PredictorTrainRequest r;
  r.space_path = preset_path("fmnist");
  r.data_path = data;
  r.out_path = dir.path(std::string(predictor_kind_name(kind)) + ".txt");
  r.kind = kind;
  r.hidden = 32;
  r.epochs = 100;
  r.learning_rate = 3e-3;
  r.batch = 64;
  r.seed = 3;
  return r;
}

TEST(PredictorTraining, LearnsARankingFromSamplesAndWritesWhatItMeasured) {
  const Space space = load_preset("fmnist");
  ScratchDir dir;
  double spread = 0;
  const std::string data = write_samples(dir, space, 600, 1, &spread);
  const PredictorTrainRequest request = small_request(dir, data, PredictorKind::Quant);
  const PredictorTrainResult result = train_predictor(request);
  EXPECT_EQ(result.validation.samples, 120u);
  EXPECT_EQ(result.train.samples, 480u);
  EXPECT_GT(result.validation.pairwise_accuracy, 0.75);
  EXPECT_GT(result.validation.kendall_tau, 0.5);
  EXPECT_LT(result.validation.rmse, 0.7 * spread);  // clearly better than predicting the mean
  EXPECT_LT(result.train.rmse, result.validation.rmse);
  // The file holds the trained predictor: on fresh networks it ranks as well.
  const MlpPredictor predictor(space, load_predictor(request.out_path), request.out_path);
  std::mt19937_64 rng(99);
  std::vector<SubnetConfig> fresh;
  std::vector<double> truth;
  for (int i = 0; i < 100; ++i) fresh.push_back(random_config(space, rng)), truth.push_back(synthetic_accuracy(space, fresh.back()));
  EXPECT_GT(predictor_quality(predictor.predict(fresh), truth).pairwise_accuracy, 0.75);
}

TEST(PredictorTraining, QuantizationAwarePredictorStartsFromTheFp32One) {
  const Space space = load_preset("fmnist");
  ScratchDir dir;
  const std::string data = write_samples(dir, space, 100, 2);
  PredictorTrainRequest fp32 = small_request(dir, data, PredictorKind::Fp32);
  fp32.epochs = 5;
  train_predictor(fp32);
  PredictorTrainRequest quant = small_request(dir, data, PredictorKind::Quant);
  quant.init_path = fp32.out_path;
  quant.epochs = 0;
  train_predictor(quant);
  const PredictorWeights from = load_predictor(fp32.out_path);
  const PredictorWeights to = load_predictor(quant.out_path);
  EXPECT_EQ(to.kind, PredictorKind::Quant);
  EXPECT_EQ(to.first.weight, from.first.weight);
  EXPECT_EQ(to.second.bias, from.second.bias);
  EXPECT_EQ(to.third.weight, from.third.weight);
  EXPECT_EQ(to.output.weight, from.output.weight);
  EXPECT_EQ(to.quant.weight.size(), static_cast<std::size_t>(32 * to.quant_inputs));

  quant.init_path = quant.out_path;  // a quant predictor is no fp32 one
  EXPECT_TRUE(throws_input_error([&] { train_predictor(quant); }, {"quant.txt: kind = quant", "fp32"}));
}

TEST(PredictorTraining, BadInputFailsBeforeTraining) {
  ScratchDir dir;
  PredictorTrainRequest r = small_request(dir, dir.path("missing.jsonl"), PredictorKind::Fp32);
  EXPECT_TRUE(throws_input_error([&] { train_predictor(r); }, {"missing.jsonl: cannot read"}));
  EXPECT_FALSE(std::ifstream(r.out_path).good());
}

}  // namespace
}  // namespace apq::search
