#include <cmath>
#include <random>

#include <gtest/gtest.h>

#include "search/predictor/mlp_predictor.h"
#include "search/predictor/predictor_file.h"
#include "search/space/config_sampling.h"
#include "space_test_support.h"

namespace apq::search {
namespace {

using testing_support::load_preset;
using testing_support::ScratchDir;
using testing_support::throws_input_error;
using testing_support::write_text;

void fill_random(DenseLayer& layer, std::mt19937_64& rng, double scale) {
  std::normal_distribution<float> normal(0.0f, static_cast<float>(scale));  // test data only
  for (float& w : layer.weight) w = normal(rng);
  for (float& b : layer.bias) b = normal(rng);
}

PredictorWeights random_predictor(const Space& space, PredictorKind kind, int hidden, std::uint64_t seed) {
  PredictorWeights w = zero_predictor(space, kind, hidden);
  std::mt19937_64 rng(seed);
  fill_random(w.first, rng, 0.3);
  if (kind == PredictorKind::Quant) fill_random(w.quant, rng, 0.3);
  fill_random(w.second, rng, 1.0 / std::sqrt(hidden));
  fill_random(w.third, rng, 1.0 / std::sqrt(hidden));
  fill_random(w.output, rng, 1.0 / std::sqrt(hidden));
  return w;
}

std::vector<double> linear(const DenseLayer& layer, const std::vector<double>& x) {
  std::vector<double> y(layer.out);
  for (int o = 0; o < layer.out; ++o) {
    y[o] = layer.bias[o];
    for (int i = 0; i < layer.in; ++i) y[o] += layer.weight[static_cast<std::size_t>(o) * layer.in + i] * x[i];
  }
  return y;
}

std::vector<double> relu(std::vector<double> x) {
  for (double& v : x) v = std::max(v, 0.0);
  return x;
}

// APQ's forward pass written out with loops, in double precision.
double reference_forward(const PredictorWeights& w, const std::vector<float>& encoding) {
  const std::vector<double> arch(encoding.begin(), encoding.begin() + w.arch_inputs);
  std::vector<double> h = relu(linear(w.first, arch));
  if (w.kind == PredictorKind::Quant) {
    const std::vector<double> bits(encoding.begin() + w.arch_inputs, encoding.end());
    const std::vector<double> q = linear(w.quant, bits);
    for (int i = 0; i < w.hidden; ++i) h[i] += q[i];
  }
  h = relu(linear(w.second, h));
  h = relu(linear(w.third, h));
  return linear(w.output, h)[0];
}

TEST(MlpPredictor, MatchesAPlainForwardPass) {
  for (const PredictorKind kind : {PredictorKind::Fp32, PredictorKind::Quant}) {
    const Space space = load_preset("fmnist");
    const PredictorWeights w = random_predictor(space, kind, 40, 7);
    const MlpPredictor predictor(space, w, "random");
    std::mt19937_64 rng(8);
    std::vector<SubnetConfig> configs;
    for (int i = 0; i < 30; ++i) configs.push_back(random_config(space, rng));
    const std::vector<double> got = predictor.predict(configs);
    ASSERT_EQ(got.size(), configs.size());
    for (std::size_t i = 0; i < configs.size(); ++i) {
      const double want = reference_forward(w, encode(space, predictor.layout(), configs[i]));
      EXPECT_NEAR(got[i], want, 1e-4 * std::max(1.0, std::abs(want))) << predictor_kind_name(kind) << " " << i;
    }
    // A batch gives each candidate what it gets alone.
    EXPECT_NEAR(predictor.predict({configs[5]})[0], got[5], 1e-5);
  }
}

TEST(MlpPredictor, QuantizationLayerIsAddedAfterTheFirstReLU) {
  // One hidden unit: the first layer is cut to 0 by its ReLU, the quantization layer adds -2,
  // the second layer negates it (relu(2) = 2), the third passes it on, the output is 0.25 x + 0.1
  // = 0.6. Adding before the ReLU would give relu(-5 - 2) = 0 and an output of 0.1.
  const Space space = load_preset("fmnist");
  PredictorWeights w = zero_predictor(space, PredictorKind::Quant, 1);
  w.first.bias = {-5.0f};
  w.quant.bias = {-2.0f};
  w.second.weight = {-1.0f};
  w.third.weight = {1.0f};
  w.output.weight = {0.25f};
  w.output.bias = {0.1f};
  const MlpPredictor predictor(space, w, "hand");
  EXPECT_NEAR(predictor.predict({largest_config(space)})[0], 0.6, 1e-6);
}

TEST(MlpPredictor, HandComputedOneHotSums) {
  // hidden 2: unit 0 sums the first layer's weights at the hot architecture inputs, unit 1 those
  // of the quantization inputs; output = unit 0 + 10 x unit 1.
  const Space space = load_preset("fmnist");
  PredictorWeights w = zero_predictor(space, PredictorKind::Quant, 2);
  for (int i = 0; i < w.arch_inputs; ++i) w.first.weight[i] = 0.001f * static_cast<float>(i);
  for (int i = 0; i < w.quant_inputs; ++i) w.quant.weight[w.quant_inputs + i] = 0.01f;
  w.second.weight = {1, 0, 0, 1};
  w.third.weight = {1, 0, 0, 1};
  w.output.weight = {1, 10};
  const MlpPredictor predictor(space, w, "hand");
  std::mt19937_64 rng(9);
  const SubnetConfig config = random_config(space, rng);
  double arch_sum = 0;
  int running = 0;
  for (const std::int32_t j : hot_indices(space, predictor.layout(), config)) {
    if (j < w.arch_inputs) arch_sum += 0.001 * j;
    else ++running;
  }
  EXPECT_NEAR(predictor.predict({config})[0], arch_sum + 10 * 0.01 * running, 1e-4);
}

TEST(MlpPredictor, OnlyTheQuantizationAwareKindSeesThePolicy) {
  const Space space = load_preset("fmnist");
  SubnetConfig low = largest_config(space), high = largest_config(space);
  for (BlockChoice& b : low.blocks) b.pw_w_bits = b.pw_a_bits = b.dw_w_bits = b.dw_a_bits = 4;
  const MlpPredictor fp32(space, random_predictor(space, PredictorKind::Fp32, 16, 1), "fp32");
  const MlpPredictor quant(space, random_predictor(space, PredictorKind::Quant, 16, 1), "quant");
  const std::vector<double> a = fp32.predict({low, high});
  const std::vector<double> b = quant.predict({low, high});
  EXPECT_EQ(a[0], a[1]);
  EXPECT_NE(b[0], b[1]);
}

TEST(PredictorFile, WritesAndReadsBackExactly) {
  const Space space = load_preset("fmnist");
  const PredictorWeights w = random_predictor(space, PredictorKind::Quant, 8, 3);
  const std::string text = predictor_to_text(w);
  const PredictorWeights back = parse_predictor(text, "mem");
  EXPECT_EQ(back.first.weight, w.first.weight);
  EXPECT_EQ(back.quant.weight, w.quant.weight);
  EXPECT_EQ(back.output.bias, w.output.bias);
  EXPECT_EQ(predictor_to_text(back), text);
  EXPECT_EQ(text.rfind("apq-accuracy-predictor 1\nspace fmnist\nkind quant\narch_inputs ", 0), 0u);
  ScratchDir dir;
  save_predictor(dir.path("p.txt"), w);
  EXPECT_EQ(predictor_to_text(load_predictor(dir.path("p.txt"))), text);
}

TEST(PredictorFile, BadFilesNameLineFieldAndValue) {
  const Space space = load_preset("fmnist");
  const std::string good = predictor_to_text(zero_predictor(space, PredictorKind::Fp32, 2));
  const auto with = [&](const std::string& from, const std::string& to) {
    std::string text = good;
    text.replace(text.find(from), from.size(), to);
    return text;
  };
  EXPECT_TRUE(throws_input_error([&] { parse_predictor("hello", "p.txt"); }, {"p.txt: line 1", "not an accuracy predictor"}));
  EXPECT_TRUE(throws_input_error([&] { parse_predictor(with("kind fp32", "kind int8"), "p.txt"); },
                                 {"p.txt: line 3: kind = 'int8'"}));
  EXPECT_TRUE(throws_input_error([&] { parse_predictor(with("hidden 2", "hidden 0"), "p.txt"); },
                                 {"hidden = '0': expected a positive integer"}));
  EXPECT_TRUE(throws_input_error([&] { parse_predictor(with("second.bias 2\n0 0", "second.bias 2\n0 x"), "p.txt"); },
                                 {"second.bias[1] = 'x'"}));
  EXPECT_TRUE(throws_input_error([&] { parse_predictor(with("third.weight 2 2", "third.weight 2 3"), "p.txt"); },
                                 {"third.weight dimension 1 = 3: expected 2"}));
  EXPECT_TRUE(throws_input_error([&] { parse_predictor(good.substr(0, good.size() - 4), "p.txt"); },
                                 {"the file ends"}));
  EXPECT_TRUE(throws_input_error([&] { parse_predictor(good + "7\n", "p.txt"); }, {"unexpected '7'"}));
  EXPECT_TRUE(throws_input_error([&] { parse_predictor(with("output.bias 1\n0", "output.bias 1\nnan"), "p.txt"); },
                                 {"output.bias[0] = 'nan'"}));
}

TEST(PredictorFile, APredictorOfAnotherEncodingIsRefused) {
  const Space fmnist = load_preset("fmnist");
  const Space imagenet = load_preset("apq-imagenet224");
  PredictorWeights other = zero_predictor(imagenet, PredictorKind::Quant, 2);
  EXPECT_TRUE(throws_input_error([&] { MlpPredictor(fmnist, other, "p.txt"); },
                                 {"p.txt: space = apq-imagenet224", "'fmnist'"}));
  other.space_name = "fmnist";
  EXPECT_TRUE(throws_input_error([&] { MlpPredictor(fmnist, other, "p.txt"); },
                                 {"p.txt: arch_inputs = " + std::to_string(other.arch_inputs), "another encoding length"}));
  PredictorWeights short_bits = zero_predictor(fmnist, PredictorKind::Quant, 2);
  short_bits.quant_inputs -= 1;
  EXPECT_TRUE(throws_input_error([&] { MlpPredictor(fmnist, short_bits, "p.txt"); }, {"quant_inputs = "}));
}

}  // namespace
}  // namespace apq::search
