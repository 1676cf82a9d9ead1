// Co-simulation: the Verilated 4x8 fusion array inside the SystemC model, with real integers.
// Each layer's outputs must equal the integer convolution bit for bit, and every cycle count the
// abstract cycle mode's.
#include <gtest/gtest.h>

#include <string>

#include "common/errors.h"
#include "sim/cosim/cosim.h"
#include "sim/cosim/integer_conv.h"
#include "sim/network.h"
#include "tests/sim/sim_test_support.h"

namespace apq::sim {
namespace {

using testing::conv;
using testing::preset;

void expect_agreement(const CosimReport& report) {
  for (const CosimLayerCheck& layer : report.layers) {
    SCOPED_TRACE(layer.name);
    if (!layer.checked) continue;
    EXPECT_GT(layer.outputs, 0);
    EXPECT_EQ(layer.output_mismatches, 0);
    EXPECT_GT(layer.passes, 0);
    EXPECT_EQ(layer.pass_cycle_mismatches, 0);
    EXPECT_EQ(layer.cosim_cycles, layer.model_cycles);
    EXPECT_TRUE(layer.cycles_equal);
  }
  EXPECT_TRUE(report.pass());
}

CosimReport cosimulate(const LayerShape& layer, std::uint64_t seed = 1,
                       bool signed_activations = false) {
  CosimOptions options;
  options.seed = seed;
  options.signed_activations = signed_activations;
  return cosimulate_network(preset("bitfusion-4x8-test"), single_layer_network(layer), options);
}

TEST(Cosim, DenseConvolutionManyTiles) {
  // 8 -> 16 channels, 8x8 pixels: several spatial tiles, two column passes, 18 steps in two
  // passes each.
  const CosimReport report = cosimulate(conv(8, 16, 8, 3, 1));
  expect_agreement(report);
  EXPECT_GT(report.cosim.layers[0].tiles, 1);
}

TEST(Cosim, EveryPrecisionPair) {
  for (int w : {2, 3, 4, 6, 8}) {
    for (int a : {2, 4, 5, 8}) {
      SCOPED_TRACE("W" + std::to_string(w) + "A" + std::to_string(a));
      expect_agreement(cosimulate(conv(16, 8, 6, 3, 1, 1, w, a), static_cast<std::uint64_t>(w * 10 + a)));
    }
  }
}

TEST(Cosim, StrideKernelAndPadding) {
  expect_agreement(cosimulate(conv(8, 8, 9, 5, 2)));
  LayerShape unpadded = conv(4, 8, 7, 3, 2);
  unpadded.padding = 0;
  expect_agreement(cosimulate(unpadded));
  LayerShape wide_padding = conv(4, 8, 5, 3, 1);
  wide_padding.padding = 2;
  expect_agreement(cosimulate(wide_padding));
}

TEST(Cosim, PointwiseWithRaggedChannels) {
  expect_agreement(cosimulate(conv(20, 12, 7, 1, 1, 1, 4, 8)));
}

TEST(Cosim, DeepReductionTravelsThroughPartialSums) {
  // 64 input channels x 9 taps do not fit one tile: input-channel tiles accumulate in the OBUF
  // or through DRAM.
  const CosimReport report = cosimulate(conv(64, 8, 6, 3, 1));
  expect_agreement(report);
  EXPECT_GT(report.cosim.layers[0].cost.tiling[Loop::IC].count, 1);
}

TEST(Cosim, GroupedAndDepthwise) {
  expect_agreement(cosimulate(conv(8, 8, 6, 3, 1, 2)));            // 2 groups of 4
  expect_agreement(cosimulate(conv(12, 24, 5, 3, 1, 3, 4, 4)));    // 3 groups, 8 outputs each
  expect_agreement(cosimulate(conv(16, 16, 8, 3, 1, 16)));         // depthwise, 2 group tiles
  expect_agreement(cosimulate(conv(20, 20, 9, 5, 2, 20, 4, 8)));   // ragged group tile, stride 2
}

TEST(Cosim, FirstLayerWithIm2col) {
  const CosimReport report = cosimulate(conv(3, 8, 10, 3, 2));
  EXPECT_TRUE(report.cosim.layers[0].im2col);
  expect_agreement(report);
}

TEST(Cosim, FullyConnectedBatchAndSignedActivations) {
  NetworkLayer fc;
  fc.name = "fc";
  fc.op = LayerOp::FullyConnected;
  fc.shape = conv(64, 10, 1, 1, 1, 1, 8, 8, 3);
  const CosimReport report = cosimulate_network(preset("bitfusion-4x8-test"), Network{"fc", {fc}}, {});
  expect_agreement(report);
  expect_agreement(cosimulate(conv(8, 8, 5, 3, 1, 1, 8, 8, 2), 7, true));
}

TEST(Cosim, NetworkWithInterLayerEffects) {
  Network network;
  network.name = "block";
  auto add_layer = [&](const std::string& name, LayerOp kind, const LayerShape& shape) {
    NetworkLayer layer;
    layer.name = name;
    layer.op = kind;
    layer.shape = shape;
    network.layers.push_back(layer);
  };
  add_layer("stem", LayerOp::Conv, conv(3, 8, 12, 3, 2));
  add_layer("expand", LayerOp::Conv, conv(8, 16, 6, 1, 1, 1, 4, 4));
  add_layer("depthwise", LayerOp::Conv, conv(16, 16, 6, 3, 1, 16, 4, 4));
  add_layer("project", LayerOp::Conv, conv(16, 8, 6, 1, 1, 1, 4, 4));
  add_layer("add", LayerOp::Add, conv(8, 8, 6, 1, 1, 1, 8, 8));
  network.layers.back().skip_source = 0;
  add_layer("pool", LayerOp::AvgPool, conv(8, 8, 6, 6, 6, 8));
  network.layers.back().shape.padding = 0;
  add_layer("fc", LayerOp::FullyConnected, conv(8, 10, 1, 1, 1));
  const CosimReport report = cosimulate_network(preset("bitfusion-4x8-test"), network, {});
  expect_agreement(report);
  EXPECT_EQ(report.cosim.total.total_cycles, report.model.total.total_cycles);
  EXPECT_FALSE(report.layers[4].checked);
}

TEST(Cosim, ShapeWithoutVerilatedArrayIsRefused) {
  try {
    cosimulate_network(preset("bitfusion-8x16"), single_layer_network(conv(8, 8, 4, 1, 1)), {});
    FAIL() << "expected an InputError";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("8x16"), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find("4x8"), std::string::npos) << error.what();
  }
}

TEST(IntegerConvolution, HandComputed) {
  // 1 channel 3x3 input 1..9, a 2x2 kernel [[1, -1], [2, 0]], stride 1, no padding.
  LayerShape layer = conv(1, 1, 3, 2, 1);
  layer.padding = 0;
  const std::vector<std::int32_t> out =
      cosim::integer_convolution(layer, {1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, -1, 2, 0});
  // (1 - 2 + 8), (2 - 3 + 10), (4 - 5 + 14), (5 - 6 + 16)
  EXPECT_EQ(out, (std::vector<std::int32_t>{7, 9, 13, 15}));
  layer.padding = 1;
  const std::vector<std::int32_t> padded =
      cosim::integer_convolution(layer, {1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, -1, 2, 0});
  ASSERT_EQ(padded.size(), 16u);
  EXPECT_EQ(padded[0], 0);       // only input 1 under the weight 0
  EXPECT_EQ(padded[1], 2 * 1);   // inputs 1, 2 under weights 2, 0
  EXPECT_EQ(padded[5], 7);       // as the unpadded first output
}

}  // namespace
}  // namespace apq::sim
