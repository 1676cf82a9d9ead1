// Integer inference of real data on the accelerator model: the golden integer model, the vector
// unit's rules, the Verilated 4x8 array computing the same integers, image and layer output files.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>

#include "common/errors.h"
#include "common/random.h"
#include "layer/layer_output_file.h"
#include "sim/accel_config.h"
#include "sim/inference/image_inference.h"
#include "layer/image_set.h"
#include "sim/inference/integer_execution.h"
#include "tests/layer/small_integer_network.h"

namespace apq::sim::inference {
namespace {

namespace fs = std::filesystem;

ImageSet random_images(std::int64_t count, int size, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  ImageSet set;
  set.count = count;
  set.size = size;
  set.pixels.resize(static_cast<std::size_t>(count * size * size));
  for (std::uint8_t& p : set.pixels) p = static_cast<std::uint8_t>(random_between(rng, 0, 255));
  return set;
}

// An uncompressed IDX byte file (the reader takes gzip'd and plain files alike).
void write_idx(const fs::path& path, const std::vector<std::uint32_t>& dims) {
  std::ofstream out(path, std::ios::binary);
  const unsigned char magic[4] = {0, 0, 8, static_cast<unsigned char>(dims.size())};
  out.write(reinterpret_cast<const char*>(magic), 4);
  std::size_t count = 1;
  for (std::uint32_t d : dims) {
    const unsigned char bytes[4] = {static_cast<unsigned char>(d >> 24), static_cast<unsigned char>(d >> 16),
                                    static_cast<unsigned char>(d >> 8), static_cast<unsigned char>(d)};
    out.write(reinterpret_cast<const char*>(bytes), 4);
    count *= d;
  }
  out << std::string(count, '\x07');
}

TEST(IntegerExecution, VectorUnitRulesAreTheDocumentedOnes) {
  const IntegerNetwork network = testing::small_integer_network(1);
  const IntegerLayer& add = network.layers[3];
  // out = clamp(requantize(a + (b << 8)), 0, 255); the factor is 1/512.
  const std::vector<std::int32_t> a = {512, -512, 1000, 0};
  const std::vector<std::int32_t> b = {1, 0, 2, 4};
  const std::vector<std::int32_t> out = run_vector_layer(add, a, b);
  EXPECT_EQ(out, (std::vector<std::int32_t>{2, 0, 3, 2}));  // 768/512 = 1.5 -> 2; 1512/512 = 2.95 -> 3
  // The bias is added with the accumulator's 32-bit wrap-around, then requantized and clamped.
  const IntegerLayer& stem = network.layers[0];
  std::vector<std::int32_t> sums(static_cast<std::size_t>(stem.shape.cout) * 36, 0);
  const std::vector<std::int32_t> finished = finish_array_layer(stem, sums);
  for (int c = 0; c < stem.shape.cout; ++c)
    EXPECT_EQ(finished[static_cast<std::size_t>(c) * 36],
              std::clamp(requantize(stem.bias[static_cast<std::size_t>(c)], stem.requantization[static_cast<std::size_t>(c)]),
                         stem.output_min, stem.output_max));
}

TEST(IntegerExecution, RtlArrayComputesWhatTheGoldenModelComputes) {
  const AccelConfig config = load_accel_config(std::string(APQ_ACCEL_CONFIG_DIR) + "/bitfusion-4x8-test.json");
  for (std::uint64_t seed : {1, 2}) {
    const IntegerNetwork network = testing::small_integer_network(seed);
    const ImageSet images = random_images(3, network.input_size, seed);
    InferenceOptions options;
    options.rtl = true;
    const InferenceReport report = infer_images(config, network, images, options);
    ASSERT_EQ(report.images.size(), 3u);
    EXPECT_TRUE(report.pass());
    for (std::int64_t i = 0; i < images.count; ++i) {
      const ImageInference& image = report.images[static_cast<std::size_t>(i)];
      EXPECT_EQ(image.rtl_mismatch, "");
      EXPECT_EQ(image.pass_cycle_mismatches, 0);
      EXPECT_GT(image.passes, 3);
      EXPECT_EQ(image.rtl_cycles, report.cost.total.total_cycles);
      const LayerOutputs golden = run_integer_network(network, images.image(i));
      EXPECT_EQ(image.logits, golden.back());
      EXPECT_EQ(image.predicted, predicted_class(golden.back()));
    }
    // The golden path runs the model once for the costs, the same cycles.
    const InferenceReport golden = infer_images(config, network, images, {});
    EXPECT_EQ(golden.cost.total.total_cycles, report.cost.total.total_cycles);
    EXPECT_EQ(golden.images[1].logits, report.images[1].logits);
  }
}

TEST(IntegerExecution, DifferencesNameLayerChannelAndPosition) {
  const IntegerNetwork network = testing::small_integer_network(1);
  std::vector<std::int32_t> a(4 * 3 * 3, 0), b = a;
  b[9 + 3 * 1 + 2] = 5;  // channel 1, row 1, column 2
  EXPECT_EQ(*first_difference(network, 1, a, b, "A", "B"), "layer 1 (dw), channel 1, position (1, 2): 0 in A, 5 in B");
  EXPECT_FALSE(first_difference(network, 1, a, a, "A", "B").has_value());

  const fs::path dir = fs::temp_directory_path() / ("apq_layer_outputs_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const ImageSet images = random_images(2, network.input_size, 4);
  for (const char* name : {"a.bin", "b.bin"}) {
    LayerOutputWriter writer((dir / name).string(), network, 2);
    for (std::int64_t i = 0; i < 2; ++i) {
      LayerOutputs outputs = run_integer_network(network, images.image(i));
      if (std::string(name) == "b.bin" && i == 1) outputs[2][7] += 1;
      writer.write(outputs);
    }
    writer.commit();
  }
  const std::optional<std::string> difference =
      first_layer_output_difference(network, (dir / "a.bin").string(), "A", (dir / "b.bin").string(), "B");
  ASSERT_TRUE(difference.has_value());
  EXPECT_EQ(difference->rfind("image 1, layer 2 (pw), channel 0, position (2, 1): ", 0), 0u) << *difference;
  EXPECT_FALSE(first_layer_output_difference(network, (dir / "a.bin").string(), "A", (dir / "a.bin").string(), "A"));
  fs::remove_all(dir);
}

TEST(IntegerExecution, ImageFilesOfTheWrongSizeAreRefusedNamingTheFile) {
  const IntegerNetwork network = testing::small_integer_network(1);
  const fs::path dir = fs::temp_directory_path() / ("apq_images_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  write_idx(dir / "five.idx", {3, 5, 5});
  write_idx(dir / "six.idx", {3, 6, 6});
  write_idx(dir / "labels.idx", {2});
  try {
    load_image_set((dir / "five.idx").string(), "", network, 0);
    ADD_FAILURE() << "5x5 images accepted by a 6x6 network";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("five.idx: images are 1 x 5 x 5, the network small reads 1 x 6 x 6"),
              std::string::npos)
        << error.what();
  }
  EXPECT_EQ(load_image_set((dir / "six.idx").string(), "", network, 2).count, 2);
  EXPECT_THROW(load_image_set((dir / "six.idx").string(), (dir / "labels.idx").string(), network, 0), InputError);
  EXPECT_THROW(load_image_set((dir / "labels.idx").string(), "", network, 0), InputError);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace apq::sim::inference
