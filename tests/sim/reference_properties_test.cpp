// Properties an architect relies on, beyond the reference vectors.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "common/errors.h"
#include "sim/accel_config.h"
#include "sim/layer_cost.h"
#include "layer/layer_shape.h"
#include "sim/reference/reference_model.h"
#include "tests/sim/sim_test_support.h"

namespace apq::sim {
namespace {

using testing::conv;
using testing::preset;

LayerShape with_bits(LayerShape layer, int wbits, int abits) {
  layer.wbits = wbits;
  layer.abits = abits;
  return layer;
}

TEST(ReferenceProperties, TwoBitComputesSixteenTimesFasterThanEightBit) {
  const AccelConfig config = preset("bitfusion-stripes");
  // 256 input channels fill the 16 rows exactly at 2x2 (16 products per unit).
  const LayerShape layer = conv(256, 32, 56, 3, 1);
  const LayerCost eight = reference_cost(config, layer, false);
  const LayerCost two = reference_cost(config, with_bits(layer, 2, 2), false);
  EXPECT_LT(eight.stall_cycles, eight.total_cycles / 20) << "not compute-bound";
  EXPECT_LT(two.stall_cycles, two.total_cycles / 20) << "not compute-bound";
  EXPECT_EQ(eight.compute_cycles, 16 * two.compute_cycles);
  EXPECT_DOUBLE_EQ(eight.energy_breakdown_mj.core_dynamic,
                   16 * two.energy_breakdown_mj.core_dynamic);
}

TEST(ReferenceProperties, SixBitsComputeAsEightAndThreeAsFour) {
  const AccelConfig config = preset("bitfusion-stripes");
  const LayerShape layer = conv(256, 32, 56, 3, 1);
  const LayerCost eight = reference_cost(config, with_bits(layer, 8, 8), false);
  const LayerCost six = reference_cost(config, with_bits(layer, 6, 6), false);
  EXPECT_EQ(six.compute_cycles, eight.compute_cycles);
  EXPECT_DOUBLE_EQ(six.energy_breakdown_mj.core_dynamic, eight.energy_breakdown_mj.core_dynamic);
  // Compute-bound, so the array decides the time; 6-bit data only moves fewer bits.
  EXPECT_NEAR(static_cast<double>(six.total_cycles), static_cast<double>(eight.total_cycles),
              0.02 * eight.total_cycles);
  EXPECT_LE(six.dram_read_bits, eight.dram_read_bits);

  const LayerCost four = reference_cost(config, with_bits(layer, 4, 4), false);
  const LayerCost three = reference_cost(config, with_bits(layer, 3, 3), false);
  EXPECT_EQ(three.compute_cycles, four.compute_cycles);
  const LayerCost mixed = reference_cost(config, with_bits(layer, 6, 4), false);
  EXPECT_EQ(mixed.compute_cycles, reference_cost(config, with_bits(layer, 8, 4), false).compute_cycles);
}

TEST(ReferenceProperties, MemoryBoundLayerRunsAtTheInterfaceWidth) {
  AccelConfig config = preset("bitfusion-eyeriss");
  // A classifier: 1.3 M weights, 2,560 array cycles, about 53,000 interface cycles.
  const LayerShape fc = conv(1280, 1000, 1, 1, 1);
  const LayerCost narrow = reference_cost(config, fc, false);
  const double bits = static_cast<double>(narrow.dram_read_bits + narrow.dram_write_bits);
  EXPECT_GT(narrow.total_cycles, 10 * narrow.compute_cycles);
  EXPECT_GE(narrow.total_cycles, bits / config.interface_bits_per_cycle);
  EXPECT_LE(narrow.total_cycles, bits / config.interface_bits_per_cycle + 3);

  config.interface_bits_per_cycle *= 2;
  const LayerCost wide = reference_cost(config, fc, false);
  EXPECT_NEAR(static_cast<double>(wide.total_cycles), narrow.total_cycles / 2.0,
              0.01 * narrow.total_cycles);
}

TEST(ReferenceProperties, BreakdownSumsToTotal) {
  const AccelConfig config = preset("bitfusion-eyeriss");
  for (const LayerShape& layer :
       {conv(3, 32, 224, 3, 2), conv(32, 192, 56, 1, 1), conv(96, 96, 28, 5, 1, 96),
        conv(1280, 1000, 1, 1, 1), with_bits(conv(64, 128, 14, 3, 1), 2, 4)}) {
    SCOPED_TRACE(describe_layer(layer));
    const LayerCost cost = reference_cost(config, layer, default_im2col(layer));
    EXPECT_NEAR(breakdown_total(cost.energy_breakdown_mj), cost.energy_mj, 1e-12 * cost.energy_mj);
    EXPECT_EQ(cost.total_cycles, cost.compute_cycles + cost.stall_cycles);
    EXPECT_DOUBLE_EQ(cost.latency_ms, cost.total_cycles / (config.clock_mhz * 1e3));
    EXPECT_EQ(cost.energy_breakdown_mj.leakage, 0.0);
  }
}

TEST(ReferenceProperties, DoublingTheColumnsHalvesComputeOfAWideLayer) {
  const AccelConfig narrow = preset("bitfusion-eyeriss");
  AccelConfig wide = narrow;
  wide.cols *= 2;
  const LayerShape layer = conv(64, 512, 14, 3, 1);
  const double ratio = static_cast<double>(reference_cost(narrow, layer, false).compute_cycles) /
                       reference_cost(wide, layer, false).compute_cycles;
  EXPECT_NEAR(ratio, 2.0, 0.1);
}

TEST(ReferenceProperties, DepthwiseLatencyStepsWithChannelsOverColumns) {
  const AccelConfig config = preset("bitfusion-eyeriss");
  for (int bits : {8, 4}) {
    const LayerCost one_tile = reference_cost(config, conv(32, 32, 28, 3, 1, 32, bits, bits), false);
    for (int channels : {2, 8, 17, 31, 32, 33, 48, 64, 65, 96, 100, 480}) {
      SCOPED_TRACE(std::to_string(channels) + " channels, " + std::to_string(bits) + " bits");
      const LayerCost cost =
          reference_cost(config, conv(channels, channels, 28, 3, 1, channels, bits, bits), false);
      const int steps = (channels + config.cols - 1) / config.cols;
      EXPECT_EQ(cost.group_tiles, steps);
      EXPECT_EQ(cost.total_cycles, steps * one_tile.total_cycles);
      EXPECT_DOUBLE_EQ(cost.latency_ms, steps * one_tile.latency_ms);
      EXPECT_DOUBLE_EQ(cost.energy_mj, steps * one_tile.energy_mj);
    }
  }
}

TEST(ReferenceProperties, DepthwiseTakesOnePassPerTapAndPixel) {
  // 32 channels on 32 columns; the 16 rows carry them at 2 per unit from 4 bits down, so each
  // output pixel and kernel tap is one cycle; at 8 bits two.
  const AccelConfig config = preset("bitfusion-eyeriss");
  EXPECT_EQ(reference_cost(config, conv(32, 32, 28, 3, 1, 32, 4, 4), false).compute_cycles,
            28 * 28 * 9);
  EXPECT_EQ(reference_cost(config, conv(32, 32, 28, 3, 1, 32, 8, 8), false).compute_cycles,
            28 * 28 * 9 * 2);
}

TEST(ReferenceProperties, GroupedLayerPacksGroupsOverTheColumns) {
  const AccelConfig config = preset("bitfusion-eyeriss");
  const LayerCost grouped = reference_cost(config, conv(64, 64, 14, 3, 1, 4), false);
  EXPECT_EQ(grouped.groups_per_tile, 2);  // 16 output channels per group, 32 columns
  EXPECT_EQ(grouped.group_tiles, 2);
  const LayerCost half = reference_cost(config, conv(32, 32, 14, 3, 1, 2), false);
  EXPECT_EQ(grouped.total_cycles, 2 * half.total_cycles);
  // Never slower than running the layer dense.
  EXPECT_LE(grouped.total_cycles, reference_cost(config, conv(64, 64, 14, 3, 1), false).total_cycles);
}

// Latency only: the reference minimises cycles first, and can buy a few cycles with much more
// energy (bitfusion-stripes, (32, 192, 56, 1, 1, 0, 1) at batch 2: 40 cycles fewer than twice
// batch 1 for 3.8 times the energy), so energy is not bounded the same way.
TEST(ReferenceProperties, BatchTwoTakesNoLongerThanTwiceBatchOne) {
  for (const char* name : {"bitfusion-eyeriss", "bitfusion-8x8", "bitfusion-stripes"}) {
    const AccelConfig config = preset(name);
    for (LayerShape layer :
         {conv(3, 32, 224, 3, 2), conv(32, 192, 56, 1, 1), conv(192, 192, 28, 5, 1, 192),
          conv(96, 320, 7, 1, 1), conv(1280, 1000, 1, 1, 1), with_bits(conv(64, 128, 14, 3, 1), 4, 6)}) {
      SCOPED_TRACE(std::string(name) + " " + describe_layer(layer));
      const bool im2col = default_im2col(layer);
      const LayerCost one = reference_cost(config, layer, im2col);
      layer.batch = 2;
      const LayerCost two = reference_cost(config, layer, im2col);
      EXPECT_LE(two.total_cycles, 2 * one.total_cycles);
      EXPECT_LE(two.latency_ms, 2 * one.latency_ms);
      EXPECT_GE(two.compute_cycles, one.compute_cycles);
    }
  }
}

TEST(ReferenceProperties, InvalidInputsAreInputErrors) {
  const AccelConfig config = preset("bitfusion-eyeriss");
  LayerShape kernel_too_large = conv(16, 16, 3, 7, 1);
  kernel_too_large.padding = 1;
  EXPECT_THROW(reference_cost(config, kernel_too_large, false), InputError);
  AccelConfig four_bit = config;
  four_bit.max_precision_bits = 4;
  four_bit.bitbricks_per_unit = 4;
  EXPECT_THROW(reference_cost(four_bit, conv(16, 16, 14, 3, 1), false), InputError);
  AccelConfig tiny = config;
  tiny.obuf.size_bytes = 64;  // half of it holds 256 bits; one column pass of outputs needs 1,024
  try {
    reference_cost(tiny, conv(16, 16, 14, 3, 1), false);
    ADD_FAILURE() << "no InputError";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("no tile fits"), std::string::npos) << error.what();
  }
}

}  // namespace
}  // namespace apq::sim
