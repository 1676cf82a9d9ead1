// The controller's tile plan against the reference's reuse walk it follows.
#include <gtest/gtest.h>

#include "sim/cycle/conv_plan.h"
#include "sim/cycle/residency.h"
#include "sim/reference/dense_problem.h"
#include "sim/reference/reuse_walk.h"
#include "sim/reference/tiling.h"
#include "tests/sim/sim_test_support.h"

namespace apq::sim::cycle {
namespace {

using reference::Tensor;
using sim::testing::conv;
using sim::testing::preset;

struct Totals {
  std::int64_t weights = 0;
  std::int64_t activations = 0;
  std::int64_t psums = 0;
  std::int64_t writebacks = 0;
  std::int64_t pixel_beats = 0;
};

Totals totals(const ConvPlan& plan) {
  Totals t;
  for (const TileStep& tile : plan.tiles) {
    t.weights += tile.weight_load_bits;
    t.activations += tile.activation_load_bits;
    t.psums += tile.psum_load_bits;
    t.writebacks += tile.writeback_bits;
    t.pixel_beats += tile.pixels * tile.steps * tile.column_passes;
  }
  return t;
}

// Layers whose tiles all divide evenly, so the plan's traffic is exactly the reference walk's.
TEST(ConvPlan, TrafficFollowsTheReuseWalk) {
  struct Case {
    const char* config;
    LayerShape layer;
  };
  for (const Case& c : {Case{"bitfusion-4x8-test", conv(64, 16, 8, 3, 1)},
                        Case{"bitfusion-4x8-test", conv(32, 32, 16, 1, 1, 1, 4, 4)},
                        Case{"bitfusion-eyeriss", conv(128, 64, 16, 3, 1)},
                        Case{"bitfusion-eyeriss", conv(256, 256, 8, 1, 1)},
                        Case{"bitfusion-eyeriss", conv(512, 512, 4, 3, 1, 1, 8, 8, 2)},
                        Case{"bitfusion-8x8", conv(64, 64, 32, 3, 1, 1, 4, 4)}}) {
    const AccelConfig config = preset(c.config);
    SCOPED_TRACE(std::string(c.config) + " " + describe_layer(c.layer));
    LayerIo io;
    io.output_bits = 6;
    const ConvPlan plan = plan_conv_layer(config, c.layer, io, rtl_pass_split());
    const reference::DenseProblem problem = reference::make_dense_problem(config, c.layer, false);
    const Tiling& tiling = plan.schedule.tiling;
    const reference::Traffic walk = reference::reuse_walk(
        problem, tiling, reference::tile_footprint(problem, tiling), plan.schedule.order);
    const Residency residency(problem, tiling, plan.schedule.order);
    const Totals t = totals(plan);

    EXPECT_EQ(static_cast<std::int64_t>(plan.tiles.size()), reference::tile_count(tiling));
    EXPECT_EQ(t.weights, walk[static_cast<int>(Tensor::Weights)].dram_bits);
    EXPECT_EQ(t.activations, walk[static_cast<int>(Tensor::Activations)].dram_bits);
    // The reference moves every output tile both ways each time it is fetched; the controller
    // skips the read of a first input-channel tile and writes final outputs at 6 bits.
    const std::int64_t outputs = static_cast<std::int64_t>(c.layer.batch) * c.layer.cout *
                                 output_size(c.layer) * output_size(c.layer);
    const std::int64_t ic_tiles = tiling[Loop::IC].count;
    const std::int64_t output_walk = walk[static_cast<int>(Tensor::Outputs)].dram_bits;
    if (residency.holds_across(Tensor::Outputs, Loop::IC)) {
      EXPECT_EQ(output_walk, outputs * 32);
      EXPECT_EQ(t.psums, 0);
      EXPECT_EQ(t.writebacks, outputs * 6);
    } else {
      EXPECT_EQ(output_walk, ic_tiles * outputs * 32);
      EXPECT_EQ(t.psums, (ic_tiles - 1) * outputs * 32);
      EXPECT_EQ(t.writebacks, (ic_tiles - 1) * outputs * 32 + outputs * 6);
    }
    // Whole tiles: the array's beats are the reference's compute cycles.
    EXPECT_EQ(t.pixel_beats, reference::layer_compute_cycles(problem, tiling));
  }
}

TEST(ConvPlan, RaggedTilesHoldOnlyWhatIsLeft) {
  // 20 output channels, 12 input channels and 7x7 pixels divide into no power-of-two tile.
  const AccelConfig config = preset("bitfusion-4x8-test");
  const LayerShape layer = conv(12, 20, 7, 3, 1);
  const ConvPlan plan = plan_conv_layer(config, layer, LayerIo{}, rtl_pass_split());
  std::int64_t first_tile_outputs = 0;
  for (const TileStep& tile : plan.tiles) {
    EXPECT_GT(tile.pixels, 0);
    EXPECT_EQ(tile.pixels, tile.batch.size * tile.out_y.size * tile.out_x.size);
    EXPECT_LE(tile.out_channels.begin + tile.out_channels.size, 20);
    EXPECT_LE(tile.in_channels.begin + tile.in_channels.size, 12);
    EXPECT_LE(tile.out_y.begin + tile.out_y.size, 7);
    EXPECT_LE(tile.out_x.begin + tile.out_x.size, 7);
    if (tile.in_channels.begin == 0) first_tile_outputs += tile.pixels * tile.out_channels.size;
  }
  // The first input-channel tiles cover every output exactly once.
  EXPECT_EQ(first_tile_outputs, 20 * 7 * 7);
}

TEST(ConvPlan, OnChipInputAndOutputMoveNothingThroughDram) {
  const AccelConfig config = preset("bitfusion-eyeriss");
  const LayerShape layer = conv(32, 64, 14, 1, 1);
  LayerIo io;
  io.input_on_chip = true;
  io.output_on_chip = true;
  io.output_to_dram = false;
  const ConvPlan plan = plan_conv_layer(config, layer, io, rtl_pass_split());
  const Totals t = totals(plan);
  EXPECT_EQ(t.activations, 0);
  EXPECT_EQ(t.writebacks, 0);
  EXPECT_EQ(t.weights, 32 * 64 * 8);
}

TEST(ConvPlan, StepsShareOutEvenly) {
  EXPECT_EQ(step_chunk_count(18, 16), 2);
  EXPECT_EQ(step_chunk(18, 16, 0).begin, 0);
  EXPECT_EQ(step_chunk(18, 16, 0).steps, 9);
  EXPECT_EQ(step_chunk(18, 16, 1).begin, 9);
  EXPECT_EQ(step_chunk(18, 16, 1).steps, 9);
  // 35 steps: three chunks of 12, 12, 11.
  EXPECT_EQ(step_chunk(35, 16, 0).steps, 12);
  EXPECT_EQ(step_chunk(35, 16, 2).begin, 24);
  EXPECT_EQ(step_chunk(35, 16, 2).steps, 11);
  EXPECT_EQ(step_chunk(16, 16, 0).steps, 16);
  EXPECT_EQ(step_chunk_count(16, 16), 1);
}

}  // namespace
}  // namespace apq::sim::cycle
