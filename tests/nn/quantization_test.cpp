#include <gtest/gtest.h>
#include <torch/torch.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "common/errors.h"
#include "nn/data/fashion_mnist.h"
#include "nn/quant/quantizable.h"
#include "nn/quant/quantization.h"
#include "nn/quant/quantized_network.h"
#include "nn/quant/per_tensor_fake_quant.h"
#include "nn/quant/quantizer.h"
#include "nn/quant_jobs.h"
#include "nn/supernet/batch_norm_recalibration.h"
#include "nn/supernet/subnet.h"
#include "nn/supernet/supernet.h"
#include "nn/supernet_jobs.h"
#include "nn/training/checkpoint.h"
#include "nn/training/evaluation.h"
#include "search/space/config_file.h"
#include "search/space/config_sampling.h"
#include "search/space/space_file.h"
#include "tests/nn/supernet_test_support.h"
#include "tests/nn/trained_tiny_supernet.h"

namespace apq::nn {
namespace {

namespace fs = std::filesystem;

std::set<float> distinct_values(const torch::Tensor& t) {
  const torch::Tensor flat = t.detach().contiguous().to(torch::kFloat).flatten();
  const float* data = flat.data_ptr<float>();
  return std::set<float>(data, data + flat.numel());
}

TEST(QuantizerTest, WeightsTakeAtMostTwoToTheBitsLevelsPerChannelAndStayOnTheirGrid) {
  torch::manual_seed(1);
  const torch::Tensor weight = torch::randn({6, 5, 3, 3});
  for (int bits = 2; bits <= 8; ++bits) {
    const torch::Tensor quantized = fake_quantize_weight(weight, bits);
    for (std::int64_t channel = 0; channel < weight.size(0); ++channel) {
      EXPECT_LE(distinct_values(quantized[channel]).size(), std::size_t{1} << bits) << bits << " bits";
    }
    EXPECT_TRUE(torch::allclose(fake_quantize_weight(quantized, bits), quantized, 0, 1e-6)) << bits << " bits";
    // The largest magnitude of each channel is a grid point: quantization keeps it.
    EXPECT_TRUE(torch::allclose(std::get<0>(quantized.abs().reshape({6, -1}).max(1)),
                                std::get<0>(weight.abs().reshape({6, -1}).max(1)), 0, 1e-6));
  }
}

TEST(QuantizerTest, ActivationsTakeAtMostTwoToTheBitsLevelsAndStayOnTheirGrid) {
  torch::manual_seed(2);
  const torch::Tensor range = torch::full({}, 4.0);
  for (bool is_signed : {false, true}) {
    const torch::Tensor input = torch::randn({4, 3, 8, 8}) * 3 + (is_signed ? 0.0 : 3.0);
    for (int bits = 2; bits <= 8; ++bits) {
      const torch::Tensor quantized = fake_quantize_activation(input, bits, range, is_signed);
      EXPECT_LE(distinct_values(quantized).size(), std::size_t{1} << bits);
      EXPECT_LE(quantized.max().item<double>(), 4.0 + 1e-6);
      EXPECT_GE(quantized.min().item<double>(), is_signed ? -4.0 - 1e-6 : 0.0);
      EXPECT_TRUE(torch::allclose(fake_quantize_activation(quantized, bits, range, is_signed), quantized, 0, 1e-5));
    }
  }
}

TEST(QuantizerTest, GradientsPassStraightThroughRoundingAndReachTheRange) {
  const torch::Tensor weight = torch::randn({4, 3, 1, 1}).set_requires_grad(true);
  fake_quantize_weight(weight, 3).sum().backward();
  EXPECT_TRUE(torch::equal(weight.grad(), torch::ones_like(weight)));

  const torch::Tensor input = torch::tensor({-1.0, 0.3, 1.7, 2.5, 7.0}).set_requires_grad(true);
  const torch::Tensor range = torch::full({}, 2.0).set_requires_grad(true);
  fake_quantize_activation(input, 4, range, /*is_signed=*/false).sum().backward();
  // Identity inside [0, r], zero where clipped; the range collects the gradient of the inputs
  // clipped at r (2.5 and 7.0).
  EXPECT_TRUE(torch::equal(input.grad(), torch::tensor({0.0, 1.0, 1.0, 0.0, 0.0})));
  EXPECT_DOUBLE_EQ(range.grad().item<double>(), 2.0);
}

TEST(QuantizerTest, LearnedRangeQuantizationMatchesTheClampComposition) {
  // The fused kernel against what it replaced: clamp by autograd's max / min, round straight
  // through. Inputs on both bounds and at zero, where max / min split gradients in half.
  torch::manual_seed(4);
  for (bool is_signed : {false, true}) {
    const double levels = is_signed ? 7 : 15;
    const torch::Tensor values =
        torch::cat({torch::randn({236}) * 2, torch::tensor({2.5f, -2.5f, 0.0f, 2.5f})})
            .reshape({2, 3, 5, 8})
            .contiguous(at::MemoryFormat::ChannelsLast);
    const torch::Tensor upstream = torch::randn(values.sizes());
    const torch::Tensor input = values.clone().set_requires_grad(true);
    const torch::Tensor range = torch::full({}, 2.5).set_requires_grad(true);
    const torch::Tensor fused = fake_quantize_activation(input, 4, range, is_signed);
    (fused * upstream).sum().backward();

    const torch::Tensor input_ref = values.clone().set_requires_grad(true);
    const torch::Tensor range_ref = torch::full({}, 2.5).set_requires_grad(true);
    const torch::Tensor upper = range_ref.clamp_min(1e-6);
    const torch::Tensor lower = is_signed ? -upper : torch::zeros_like(upper);
    const torch::Tensor clipped = torch::min(torch::max(input_ref, lower), upper);
    const torch::Tensor scale = upper.detach() / levels;
    const torch::Tensor reference = clipped + ((clipped.detach() / scale).round() * scale - clipped.detach());
    (reference * upstream).sum().backward();

    EXPECT_TRUE(torch::allclose(fused, reference, 0, 1e-6)) << is_signed;
    EXPECT_TRUE(torch::equal(input.grad(), input_ref.grad())) << is_signed;
    EXPECT_NEAR(range.grad().item<double>(), range_ref.grad().item<double>(), 1e-5) << is_signed;
  }
}

TEST(QuantizerTest, PerTensorKernelEqualsPyTorchsBitForBit) {
  // Ties (x/scale = k + 1/2 both ways), values beyond both bounds, zeros of both signs, a
  // channels-last layout, and a strided view (the fallback).
  torch::manual_seed(5);
  for (const auto& [scale, low, high] : {std::make_tuple(0.25, 0, 15), std::make_tuple(0.1, -7, 7),
                                         std::make_tuple(6.0 / 255, 0, 255), std::make_tuple(0.037, -127, 127)}) {
    const torch::Tensor ties = (torch::arange(-40, 40).to(torch::kFloat) + 0.5f) * static_cast<float>(scale);
    const torch::Tensor extremes = torch::tensor({0.0f, -0.0f, 1e6f, -1e6f, 1e-30f, -1e-30f});
    const torch::Tensor noise = torch::randn({2 * 3 * 5 * 7 - 86}) * 3;
    const torch::Tensor input =
        torch::cat({ties, extremes, noise}).reshape({2, 3, 5, 7}).contiguous(at::MemoryFormat::ChannelsLast);
    for (const torch::Tensor& x : {input, input.transpose(2, 3)}) {
      const torch::Tensor ours = fake_quantize_per_tensor(x, scale, low, high);
      const torch::Tensor theirs = at::fake_quantize_per_tensor_affine(x, scale, 0, low, high);
      ASSERT_EQ(ours.sizes(), theirs.sizes());
      // Bitwise: equal values and equal signs of zero.
      EXPECT_TRUE(torch::equal(ours.view(torch::kInt), theirs.view(torch::kInt)))
          << "scale " << scale << " [" << low << ", " << high << "]";
    }
  }
}

TEST(QuantizerTest, KlClippingCutsLongTailsAtLowBits) {
  torch::manual_seed(3);
  // Most magnitudes below 0.2 of the channel's maximum, one far outlier per channel: at 2 and 3
  // bits the grid is better spent on the bulk than on the outlier.
  const torch::Tensor bulk = torch::rand({16, 255}) * 0.2;
  const torch::Tensor weight = torch::cat({bulk, torch::ones({16, 1})}, 1);
  for (int bits : {2, 3, 4}) {
    const double ratio = kl_clip_ratio(channel_normalised_magnitudes(weight), bits);
    EXPECT_GT(ratio, 0.0) << bits;
    EXPECT_LT(ratio, 0.5) << bits;
  }
  // A uniform distribution has no tail worth cutting.
  const torch::Tensor uniform = torch::linspace(-1, 1, 1001).reshape({1, -1});
  EXPECT_GT(kl_clip_ratio(channel_normalised_magnitudes(uniform), 4), 0.9);
}

// Each quantizable layer's (weight bits, activation bits, signed input), forward order.
std::vector<std::tuple<int, int, bool>> layer_policy(ImageClassifier& network) {
  std::vector<std::tuple<int, int, bool>> policy;
  for (const LayerQuant* layer : quant_layers(network)) {
    policy.emplace_back(layer->weight_bits, layer->activation_bits, layer->signed_input);
  }
  return policy;
}

TEST(QuantPolicyTest, EachLayerQuantizesAtTheBitsItsSpecNames) {
  const search::Space space = testing::tiny_space();
  search::SubnetConfig config = search::largest_config(space);
  for (search::BlockChoice& block : config.blocks) block = {block.kernel, block.mid_channels, 8, 4, 4, 8};
  Subnet subnet(space, config);
  const auto policy = layer_policy(*subnet);
  // head: conv (image, signed), depthwise, 1x1 projection; 4 blocks x (expand, depthwise, project);
  // tail: 1x1 conv (block output, signed), linear.
  ASSERT_EQ(policy.size(), 3u + 4u * 3u + 2u);
  EXPECT_EQ(policy[0], std::make_tuple(8, 8, true));
  EXPECT_EQ(policy[1], std::make_tuple(8, 8, false));
  for (int b = 0; b < 4; ++b) {
    EXPECT_EQ(policy[3 + 3 * b], std::make_tuple(8, 4, true)) << "block " << b << " expand";
    EXPECT_EQ(policy[4 + 3 * b], std::make_tuple(4, 8, false)) << "block " << b << " depthwise";
    EXPECT_EQ(policy[5 + 3 * b], std::make_tuple(8, 4, false)) << "block " << b << " project";
  }
  EXPECT_EQ(policy[15], std::make_tuple(8, 8, true));
  EXPECT_EQ(policy[16], std::make_tuple(8, 8, false));
}

TEST(QuantPolicyTest, ChangingOneBlocksDepthwiseWeightBitsChangesExactlyThatLayer) {
  const search::Space space = testing::tiny_space();
  torch::manual_seed(4);
  Supernet supernet(space);
  const torch::Tensor images = torch::randn({64, 1, 12, 12});
  const search::SubnetConfig base = search::largest_config(space);
  search::SubnetConfig changed = base;
  changed.blocks[2].dw_w_bits = 4;

  auto quantized_weights = [&](const search::SubnetConfig& config) {
    supernet->set_active(config);
    recalibrate_batch_norm(*supernet, images);
    Subnet subnet = extract_subnet(*supernet);
    calibrate_quantization(*subnet, images);
    // Each block layer's weight as its own quantizer sees it.
    std::vector<torch::Tensor> weights;
    std::vector<LayerQuant*> layers = quant_layers(*subnet);
    std::vector<torch::Tensor> raw;
    for (int b = 0; b < subnet->block_count(); ++b) {
      ElasticBlockImpl& block = subnet->block(b);
      raw.push_back(block.expand_weight);
      raw.push_back(block.depthwise_weight);
      raw.push_back(block.project_weight);
    }
    for (std::size_t i = 0; i < raw.size(); ++i) {
      const LayerQuant& layer = *layers[3 + i];
      weights.push_back(fake_quantize_weight(raw[i], layer.weight_bits, layer.weight_clip_ratio));
    }
    return std::make_pair(weights, subnet->forward(images).detach());
  };
  const auto [before, logits_before] = quantized_weights(base);
  const auto [after, logits_after] = quantized_weights(changed);
  ASSERT_EQ(before.size(), after.size());
  for (std::size_t i = 0; i < before.size(); ++i) {
    const bool is_block2_depthwise = i == 2 * 3 + 1;
    EXPECT_EQ(torch::equal(before[i], after[i]), !is_block2_depthwise) << "layer " << i;
  }
  EXPECT_FALSE(torch::equal(logits_before, logits_after));
}

TEST(QuantPolicyTest, FrozenWeightsReuseTheFirstBatchsWeightsOnlyWithinTheirScope) {
  const search::Space space = testing::tiny_space();
  torch::manual_seed(6);
  Supernet supernet(space);
  const torch::Tensor images = torch::randn({32, 1, 12, 12});
  supernet->set_active(search::largest_config(space));
  recalibrate_batch_norm(*supernet, images);
  Subnet subnet = extract_subnet(*supernet);
  calibrate_quantization(*subnet, images);
  subnet->eval();
  torch::NoGradGuard no_grad;
  const torch::Tensor plain = subnet->forward(images);
  {
    const FrozenWeights frozen;
    EXPECT_TRUE(torch::equal(subnet->forward(images), plain));
    // Reused: a change inside the scope is not seen (the scope's promise is that none happens).
    subnet->block(1).project_weight.mul_(0.5);
    EXPECT_TRUE(torch::equal(subnet->forward(images), plain));
  }
  // Outside the scope, and in the next one, it is.
  const torch::Tensor changed = subnet->forward(images);
  EXPECT_FALSE(torch::equal(changed, plain));
  const FrozenWeights frozen;
  EXPECT_TRUE(torch::equal(subnet->forward(images), changed));
}

using testing::TrainedTinySupernet;

TEST_F(TrainedTinySupernet, AllEightBitStaysWithinHalfAPointOfFp32) {
  Checkpoint loaded = load_checkpoint(checkpoint());
  SupernetImpl& supernet = *loaded.supernet;
  const ImageDataset data = load_fashion_mnist();
  const torch::Tensor recalibration = recalibration_set(data, 500);
  const search::SubnetConfig config = search::largest_config(supernet.space());  // all 8 bits
  const LabelledImages test{data.test.images.narrow(0, 0, 2000), data.test.labels.narrow(0, 0, 2000)};
  const double fp32 = subnet_accuracy(supernet, config, recalibration, test, data.normalisation);
  Subnet subnet = extract_subnet(supernet);
  calibrate_quantization(*subnet, recalibration);
  const double quantized = top1_accuracy(*subnet, test, data.normalisation);
  EXPECT_GT(fp32, 0.5) << "the tiny supernet did not train";
  EXPECT_NEAR(quantized, fp32, 0.005);
  // 4-bit weights in every block change the predictions: the quantizer is really in the path.
  search::SubnetConfig two_bit = config;
  for (search::BlockChoice& block : two_bit.blocks) block.pw_w_bits = block.dw_w_bits = 4;
  supernet.set_active(two_bit);
  recalibrate_batch_norm(supernet, recalibration);
  Subnet coarse = extract_subnet(supernet);
  calibrate_quantization(*coarse, recalibration);
  EXPECT_NE(top1_accuracy(*coarse, test, data.normalisation), quantized);
}

TEST_F(TrainedTinySupernet, FinetunedNetworkRoundTripsThroughItsFile) {
  const std::string spec = (dir_ / "spec.json").string();
  const search::Space space = search::space_from_json(nlohmann::json::parse(testing::tiny_space_json(28, 2)), "t");
  std::mt19937_64 rng(9);
  search::save_config(space, search::random_config(space, rng), spec);
  QuantEvalRequest request;
  request.checkpoint = checkpoint();
  request.config_path = spec;
  request.recipe.recalibration_images = 200;
  request.recipe.calibration_images = 100;
  request.recipe.finetune_images = 128;
  request.recipe.pool_images = 256;
  request.out_path = (dir_ / "qnet.pt").string();
  const QuantEvalResult result = evaluate_quantized(request);
  QuantizedNetwork loaded = load_quantized_network(request.out_path);
  const ImageDataset data = load_fashion_mnist();
  EXPECT_DOUBLE_EQ(top1_accuracy(*loaded.network, data.test, data.normalisation), result.top1);
  EXPECT_EQ(loaded.config, search::config_from_json(space, nlohmann::json::parse(result.config_json), "r"));
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST_F(TrainedTinySupernet, QuantSampleResumedEqualsUninterrupted) {
  for (QuantSampleKind kind : {QuantSampleKind::Random, QuantSampleKind::FixedArch}) {
    QuantSampleRequest sample = small_sample(7);
    sample.kind = kind;
    sample.policies_per_arch = 2;
    sample.recipe.finetune_images = 32;
    sample.recipe.finetune_batch = 16;
    sample.recipe.pool_images = 128;
    sample.count = 3;
    sample.out_path = (dir_ / "straight.jsonl").string();
    fs::remove(sample.out_path);
    sample_quantized(sample);

    sample.out_path = (dir_ / "resumed.jsonl").string();
    fs::remove(sample.out_path);
    sample.count = 2;
    sample_quantized(sample);
    std::ofstream(sample.out_path, std::ios::app) << "{\"config\": {\"ks\"";  // a torn last line
    sample.count = 3;
    sample_quantized(sample);
    EXPECT_EQ(read_text(dir_ / "straight.jsonl"), read_text(dir_ / "resumed.jsonl"));

    std::istringstream lines(read_text(dir_ / "straight.jsonl"));
    std::string line;
    std::vector<nlohmann::json> rows;
    while (std::getline(lines, line)) rows.push_back(nlohmann::json::parse(line));
    ASSERT_EQ(rows.size(), 3u);
    for (const auto& row : rows) {
      EXPECT_EQ(row.at("finetune_images").get<int>(), 32);
      EXPECT_GE(row.at("accuracy").get<double>(), 0.0);
      EXPECT_LE(row.at("accuracy").get<double>(), 1.0);
    }
    // fixed-arch: lines 0 and 1 share the architecture and differ in policy; line 2 starts another.
    const auto arch = [](const nlohmann::json& row) {
      return std::make_tuple(row["config"]["ks"], row["config"]["e"], row["config"]["d"]);
    };
    const auto policy = [](const nlohmann::json& row) {
      return std::make_tuple(row["config"]["pw_w_bits_setting"], row["config"]["pw_a_bits_setting"],
                             row["config"]["dw_w_bits_setting"], row["config"]["dw_a_bits_setting"]);
    };
    if (kind == QuantSampleKind::FixedArch) {
      EXPECT_EQ(arch(rows[0]), arch(rows[1]));
      EXPECT_NE(policy(rows[0]), policy(rows[1]));
      EXPECT_NE(arch(rows[1]), arch(rows[2]));
    } else {
      EXPECT_NE(arch(rows[0]), arch(rows[1]));
    }
  }
}

// --space: the checkpoint's network at other bit choices is sampled at those bits; a space that
// differs in anything else is refused, naming the field.
TEST_F(TrainedTinySupernet, QuantSampleTakesTheBitChoicesOfAnotherSpaceOfTheSameNetwork) {
  nlohmann::json space = nlohmann::json::parse(testing::tiny_space_json(28, 2));
  space["bits"] = {{"pw_w", {2}}, {"pw_a", {4}}, {"dw_w", {3}}, {"dw_a", {6}}};
  std::ofstream(dir_ / "two_bit.json") << space.dump();
  QuantSampleRequest sample = small_sample(3);
  sample.space_path = (dir_ / "two_bit.json").string();
  sample.count = 2;
  sample.out_path = (dir_ / "two_bit.jsonl").string();
  fs::remove(sample.out_path);
  sample_quantized(sample);
  std::istringstream lines(read_text(dir_ / "two_bit.jsonl"));
  std::string line;
  int rows = 0;
  while (std::getline(lines, line)) {
    const nlohmann::json config = nlohmann::json::parse(line)["config"];
    for (const auto& [field, bits] : {std::pair{"pw_w_bits_setting", 2}, {"pw_a_bits_setting", 4},
                                      {"dw_w_bits_setting", 3}, {"dw_a_bits_setting", 6}})
      for (const auto& b : config[field]) EXPECT_EQ(b.get<int>(), bits) << field;
    ++rows;
  }
  EXPECT_EQ(rows, 2);

  space["kernels"] = {3, 5};
  std::ofstream(dir_ / "other.json") << space.dump();
  sample.space_path = (dir_ / "other.json").string();
  sample.out_path = (dir_ / "other.jsonl").string();
  try {
    sample_quantized(sample);
    FAIL() << "a space of another network was accepted";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("other.json: kernels differs"), std::string::npos) << error.what();
  }
  EXPECT_FALSE(fs::exists(sample.out_path));
}

TEST(QuantJobsTest, BadInputIsAnInputErrorNamingIt) {
  QuantSampleRequest sample;
  sample.checkpoint = "/nonexistent/supernet.pt";
  sample.count = 0;
  sample.out_path = "/nonexistent/out.jsonl";
  EXPECT_THROW(sample_quantized(sample), UsageError);
  sample.count = 1;
  try {
    sample_quantized(sample);
    FAIL() << "a missing checkpoint was accepted";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("/nonexistent/supernet.pt"), std::string::npos) << error.what();
  }
}

}  // namespace
}  // namespace apq::nn
