// The integer network of a quantized sub-network: LibTorch's integer reference, the accelerator
// model's golden integer model and the Verilated 4x8 array compute the same integers.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <random>

#include <nlohmann/json.hpp>

#include "layer/integer_network_file.h"
#include "nn/data/batch_iterator.h"
#include "nn/data/fashion_mnist.h"
#include "nn/quant/integer_export.h"
#include "nn/quant/integer_reference.h"
#include "nn/quant/quantized_network.h"
#include "nn/quant_jobs.h"
#include "nn/training/evaluation.h"
#include "search/space/config_file.h"
#include "search/space/config_sampling.h"
#include "search/space/space_file.h"
#include "sim/accel_config.h"
#include "sim/inference/image_inference.h"
#include "sim/inference/integer_execution.h"
#include "tests/nn/supernet_test_support.h"
#include "tests/nn/trained_tiny_supernet.h"

namespace apq::nn {
namespace {

using testing::TrainedTinySupernet;

// A quantized sub-network of the trained tiny supernet at a mixed policy (4- and 8-bit layers,
// residual blocks), post-training quantized.
std::string quantized_network(const std::filesystem::path& dir, const std::string& checkpoint) {
  const search::Space space = search::space_from_json(nlohmann::json::parse(testing::tiny_space_json(28, 2)), "t");
  search::SubnetConfig config = search::largest_config(space);
  const int bits[] = {4, 8};
  for (std::size_t b = 0; b < config.blocks.size(); ++b) {
    search::BlockChoice& block = config.blocks[b];
    block.kernel = b % 2 == 0 ? 5 : 3;
    block.pw_w_bits = bits[b % 2];
    block.pw_a_bits = bits[(b + 1) % 2];
    block.dw_w_bits = bits[(b / 2) % 2];
    block.dw_a_bits = 8;
  }
  const std::string spec = (dir / "integer_spec.json").string();
  search::save_config(space, config, spec);
  QuantEvalRequest request;
  request.checkpoint = checkpoint;
  request.config_path = spec;
  request.recipe.recalibration_images = 200;
  request.recipe.calibration_images = 100;
  request.skip_fp32 = true;
  request.out_path = (dir / "integer_qnet.pt").string();
  evaluate_quantized(request);
  return request.out_path;
}

std::vector<std::int32_t> values(const torch::Tensor& t) {
  const torch::Tensor c = t.contiguous();
  return {c.data_ptr<std::int32_t>(), c.data_ptr<std::int32_t>() + c.numel()};
}

TEST_F(TrainedTinySupernet, IntegerNetworkIsTheSameOnLibTorchTheGoldenModelAndTheRtlArray) {
  QuantizedNetwork qnet = load_quantized_network(quantized_network(dir_, checkpoint()));
  const ImageDataset data = load_fashion_mnist();
  const IntegerNetwork network = export_integer_network(qnet, data.normalisation);
  // The file round-trips: what the simulator reads is what was exported.
  const IntegerNetwork reread = parse_integer_network(integer_network_to_json(network), "exported");
  ASSERT_EQ(reread.layers.size(), network.layers.size());
  bool has_add = false;
  for (const IntegerLayer& layer : network.layers) has_add |= layer.op == LayerOp::Add;
  EXPECT_TRUE(has_add) << "the test network should have a residual addition";

  constexpr std::int64_t kImages = 64;
  const torch::Tensor images = data.test.images.narrow(0, 0, kImages).contiguous();
  const std::vector<torch::Tensor> reference = integer_reference(network, images);
  ASSERT_EQ(reference.size(), network.layers.size());
  std::vector<int> golden_classes;
  for (std::int64_t i = 0; i < kImages; ++i) {
    const sim::inference::LayerOutputs golden =
        sim::inference::run_integer_network(reread, images[i].data_ptr<std::uint8_t>());
    for (std::size_t layer = 0; layer < golden.size(); ++layer)
      ASSERT_EQ(golden[layer], values(reference[layer][i])) << "image " << i << ", layer " << network.layers[layer].name;
    golden_classes.push_back(sim::inference::predicted_class(golden.back()));
  }

  // The integer network predicts what the fake-quantized network predicts (up to rounding
  // differences at the margin).
  torch::NoGradGuard no_grad;
  qnet.network->eval();
  const LabelledImages test{images, data.test.labels.narrow(0, 0, kImages)};
  const torch::Tensor fake = qnet.network->forward(normalised_images(test, data.normalisation, kImages)).argmax(1);
  int agreeing = 0;
  for (std::int64_t i = 0; i < kImages; ++i) agreeing += fake[i].item<std::int64_t>() == golden_classes[static_cast<std::size_t>(i)];
  EXPECT_GE(agreeing, 60);

  // Two images through the SystemC model with the Verilated 4x8 array doing every array pass.
  const sim::AccelConfig config = sim::load_accel_config(std::string(APQ_SOURCE_DIR) + "/configs/accel/bitfusion-4x8-test.json");
  ImageSet set;
  set.count = 2;
  set.size = network.input_size;
  set.pixels.assign(images.data_ptr<std::uint8_t>(), images.data_ptr<std::uint8_t>() + 2 * 28 * 28);
  sim::inference::InferenceOptions options;
  options.rtl = true;
  const sim::inference::InferenceReport report = sim::inference::infer_images(config, reread, set, options);
  EXPECT_TRUE(report.pass());
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(report.images[i].rtl_mismatch, "");
    EXPECT_GT(report.images[i].passes, 0);
    EXPECT_EQ(report.images[i].logits, values(reference.back()[static_cast<std::int64_t>(i)]));
    EXPECT_EQ(report.images[i].predicted, golden_classes[i]);
  }
}

}  // namespace
}  // namespace apq::nn
