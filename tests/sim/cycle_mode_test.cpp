// Properties of the cycle mode (the SystemC model) that an architect relies on.
#include <gtest/gtest.h>

#include <string>

#include "sim/layer_cost.h"
#include "sim/precision.h"
#include "sim/reference/reference_model.h"
#include "sim/simulate.h"
#include "tests/sim/sim_test_support.h"

namespace apq::sim {
namespace {

using testing::conv;
using testing::preset;

std::int64_t ceil_div(std::int64_t a, std::int64_t b) { return (a + b - 1) / b; }

// Sum over the tiles of one loop of f(tile size); the last tile may be ragged.
template <typename F>
std::int64_t sum_over_tiles(const LoopTile& loop, std::int64_t full, F f) {
  const std::int64_t last = full - (loop.count - 1) * loop.size;
  return (loop.count - 1) * f(loop.size) + f(last);
}

TEST(CycleMode, OneTileLayerTakesLoadComputeAndWriteBack) {
  // 4 -> 8 channels, 4x4 pixels, 8 bits on the 4x8 test array: one tile of 16 pixels and one
  // reduction step (4 channels on 4 rows). Weights (256 bits) and activations (512 bits) load
  // over the 64-bit interface after the 50-cycle DRAM latency: cycles 50..54 and 54..62. The
  // pass's weight-bank load takes 4 rows x 1 step (62..66); the pass takes 16 beats + 4 + 8 + 2
  // fill and drain (66..96); the 16 x 8 outputs leave at 8 bits (1024 bits, 96..112).
  const AccelConfig config = preset("bitfusion-4x8-test");
  LayerShape layer = conv(4, 8, 4, 1, 1);
  const LayerResult result = simulate_layer(config, layer, TimingMode::Cycle);
  EXPECT_EQ(result.tiles, 1);
  EXPECT_EQ(result.array_passes, 1);
  EXPECT_EQ(result.cost.total_cycles, 112);
  EXPECT_EQ(result.cost.compute_cycles, 30);
  EXPECT_EQ(result.fill_drain_cycles, 14);
  EXPECT_EQ(result.cost.stall_cycles, 82);
  EXPECT_EQ(result.cost.dram_read_bits, 256 + 512);
  EXPECT_EQ(result.cost.dram_write_bits, 1024);
}

TEST(CycleMode, ArrayBeatsAndPassesFollowTheTiling) {
  const AccelConfig config = preset("bitfusion-eyeriss");
  const std::int64_t overhead = config.rows + config.cols + 2;
  for (const LayerShape& layer :
       {conv(64, 128, 28, 3, 1), conv(96, 24, 56, 1, 1), conv(24, 144, 56, 1, 1, 1, 4, 4),
        conv(160, 960, 7, 1, 1, 1, 2, 8), conv(48, 40, 14, 5, 2, 1, 8, 4, 2),
        conv(1280, 1000, 1, 1, 1)}) {
    SCOPED_TRACE(describe_layer(layer));
    const LayerResult result = simulate_layer(config, layer, TimingMode::Cycle);
    const Tiling& tiling = result.cost.tiling;
    const std::int64_t lanes = config.rows * products_per_unit(config, layer.abits, layer.wbits);
    const std::int64_t taps = static_cast<std::int64_t>(layer.kernel) * layer.kernel;
    const std::int64_t out = output_size(layer);
    const std::int64_t column_passes =
        sum_over_tiles(tiling[Loop::OC], layer.cout, [&](std::int64_t oc) { return ceil_div(oc, config.cols); });
    const std::int64_t steps = sum_over_tiles(
        tiling[Loop::IC], layer.cin, [&](std::int64_t ic) { return taps * ceil_div(ic, lanes); });
    const std::int64_t chunks = sum_over_tiles(
        tiling[Loop::IC], layer.cin, [&](std::int64_t ic) { return ceil_div(taps * ceil_div(ic, lanes), 16); });
    const std::int64_t spatial_tiles =
        tiling[Loop::B].count * tiling[Loop::OH].count * tiling[Loop::OW].count;

    EXPECT_EQ(result.array_passes, spatial_tiles * chunks * column_passes);
    EXPECT_EQ(result.fill_drain_cycles, result.array_passes * overhead);
    EXPECT_EQ(result.cost.compute_cycles - result.fill_drain_cycles,
              layer.batch * out * out * steps * column_passes);
    EXPECT_EQ(result.cost.total_cycles, result.cost.compute_cycles + result.cost.stall_cycles);
    EXPECT_GE(result.cost.stall_cycles, 0);
    EXPECT_GT(result.array_utilisation, 0.0);
    EXPECT_LE(result.array_utilisation, 1.0);
  }
}

TEST(CycleMode, EnergyBreakdownAddsUpAndLeakageFollowsTime) {
  const AccelConfig config = preset("bitfusion-eyeriss");
  const double leakage_mw =
      config.core_leakage_mw + config.wbuf.leakage_mw + config.ibuf.leakage_mw + config.obuf.leakage_mw;
  for (const LayerShape& layer : {conv(3, 32, 224, 3, 2), conv(32, 32, 112, 3, 1, 32),
                                  conv(320, 1280, 7, 1, 1, 1, 4, 6), conv(1280, 1000, 1, 1, 1)}) {
    SCOPED_TRACE(describe_layer(layer));
    const LayerResult result = simulate_layer(config, layer, TimingMode::Cycle);
    const LayerCost& cost = result.cost;
    EXPECT_NEAR(breakdown_total(cost.energy_breakdown_mj), cost.energy_mj, 1e-12 * cost.energy_mj);
    EXPECT_DOUBLE_EQ(cost.latency_ms, cost.total_cycles / (config.clock_mhz * 1e3));
    EXPECT_NEAR(cost.energy_breakdown_mj.leakage, leakage_mw * cost.latency_ms * 1e-3, 1e-15);
    EXPECT_NEAR(cost.energy_breakdown_mj.core_dynamic,
                cost.compute_cycles * config.core_dynamic_energy_nj_per_cycle * 1e-6, 1e-15);
    EXPECT_NEAR(cost.energy_breakdown_mj.dram,
                (cost.dram_read_bits + cost.dram_write_bits) * config.dram_energy_pj_per_bit * 1e-9,
                1e-15);
  }
}

TEST(CycleMode, PointwiseLayerReadsEachOperandOnceAndWritesNarrowOutputs) {
  // Everything of this layer fits the buffers once tiled: weights (18 Kbit) stay, activations
  // stream once, the first (only) input-channel tile starts from zero, and the outputs leave at
  // the activation width after the vector unit.
  const AccelConfig config = preset("bitfusion-eyeriss");
  const LayerShape layer = conv(96, 24, 56, 1, 1);
  const LayerResult result = simulate_layer(config, layer, TimingMode::Cycle);
  EXPECT_EQ(result.cost.dram_read_bits, 96 * 24 * 8 + 56 * 56 * 96 * 8);
  EXPECT_EQ(result.cost.dram_write_bits, 56 * 56 * 24 * 8);
  // The reference reads 32-bit partial sums back even for the first input-channel tile and
  // writes 32-bit outputs.
  const LayerResult reference = simulate_layer(config, layer, TimingMode::Reference);
  EXPECT_EQ(reference.cost.dram_write_bits, 56 * 56 * 32 * 32);
}

TEST(CycleMode, SlowerMemoryStalls) {
  AccelConfig config = preset("bitfusion-eyeriss");
  const LayerShape layer = conv(64, 128, 28, 3, 1);
  const LayerResult fast = simulate_layer(config, layer, TimingMode::Cycle);
  config.interface_bits_per_cycle = 8;
  const LayerResult slow = simulate_layer(config, layer, TimingMode::Cycle);
  EXPECT_GT(slow.cost.stall_cycles, fast.cost.stall_cycles + 100000);
  // Every bit crosses the interface.
  EXPECT_GE(slow.cost.total_cycles,
            (slow.cost.dram_read_bits + slow.cost.dram_write_bits) / config.interface_bits_per_cycle);
}

TEST(CycleMode, MemoryBoundLayerRunsNearTheInterfaceRate) {
  AccelConfig config = preset("bitfusion-eyeriss");
  const LayerShape fc = conv(1280, 1000, 1, 1, 1);
  const LayerResult narrow = simulate_layer(config, fc, TimingMode::Cycle);
  const double bits = static_cast<double>(narrow.cost.dram_read_bits + narrow.cost.dram_write_bits);
  EXPECT_GE(narrow.cost.total_cycles, bits / config.interface_bits_per_cycle);
  EXPECT_LE(narrow.cost.total_cycles, 1.1 * bits / config.interface_bits_per_cycle);

  // Twice the interface: the weights now arrive faster than the array's load port takes them
  // into the units' banks (one row of 32 words per cycle, 16 rows per step; 80 steps for each
  // of 32 column passes, one pixel each), so the port bounds the layer.
  config.interface_bits_per_cycle *= 2;
  const LayerResult wide = simulate_layer(config, fc, TimingMode::Cycle);
  const std::int64_t port_cycles = 16 * 80 * 32;
  EXPECT_LT(wide.cost.total_cycles, narrow.cost.total_cycles);
  EXPECT_GE(wide.cost.total_cycles, port_cycles);
  EXPECT_LE(wide.cost.total_cycles, 1.1 * port_cycles);
}

TEST(CycleMode, DepthwiseStepsWithChannelsOverColumns) {
  // At 4 bits the 16 rows carry 32 channels, so a group tile of up to 32 channels takes the same
  // passes whatever its channel count; a 33rd channel adds a whole group tile.
  const AccelConfig config = preset("bitfusion-eyeriss");
  const auto dw = [](int channels) { return conv(channels, channels, 28, 3, 1, channels, 4, 4); };
  const LayerResult one = simulate_layer(config, dw(32), TimingMode::Cycle);
  const LayerResult ragged = simulate_layer(config, dw(33), TimingMode::Cycle);
  const LayerResult two = simulate_layer(config, dw(64), TimingMode::Cycle);
  EXPECT_EQ(one.cost.group_tiles, 1);
  EXPECT_EQ(ragged.cost.group_tiles, 2);
  EXPECT_EQ(ragged.cost.compute_cycles, 2 * one.cost.compute_cycles);
  EXPECT_EQ(two.cost.compute_cycles, 2 * one.cost.compute_cycles);
  EXPECT_LT(ragged.cost.dram_read_bits, two.cost.dram_read_bits);
}

TEST(CycleMode, NarrowOperandsComputeFaster) {
  const AccelConfig config = preset("bitfusion-stripes");
  const LayerShape eight = conv(256, 32, 28, 3, 1);
  const LayerShape two = conv(256, 32, 28, 3, 1, 1, 2, 2);
  const LayerResult slow = simulate_layer(config, eight, TimingMode::Cycle);
  const LayerResult fast = simulate_layer(config, two, TimingMode::Cycle);
  // 16x fewer beats; fill and drain per pass do not shrink.
  EXPECT_EQ(slow.cost.compute_cycles - slow.fill_drain_cycles,
            16 * (fast.cost.compute_cycles - fast.fill_drain_cycles));
  EXPECT_LT(fast.cost.total_cycles, slow.cost.total_cycles / 4);
}

TEST(CycleMode, BatchScalesTheWork) {
  const AccelConfig config = preset("bitfusion-eyeriss");
  const LayerResult one = simulate_layer(config, conv(32, 64, 14, 3, 1), TimingMode::Cycle);
  const LayerResult four = simulate_layer(config, conv(32, 64, 14, 3, 1, 1, 8, 8, 4), TimingMode::Cycle);
  EXPECT_EQ(four.cost.compute_cycles - four.fill_drain_cycles,
            4 * (one.cost.compute_cycles - one.fill_drain_cycles));
  EXPECT_GT(four.cost.total_cycles, 3 * one.cost.total_cycles);
}

TEST(CycleMode, RepeatedRunsGiveTheSameResult) {
  // One elaborated model serves every job: a job must not see what an earlier one left behind.
  const AccelConfig eyeriss = preset("bitfusion-eyeriss");
  const AccelConfig small = preset("bitfusion-4x8-test");
  const LayerShape layer = conv(48, 96, 14, 3, 2, 1, 4, 8);
  const LayerResult first = simulate_layer(eyeriss, layer, TimingMode::Cycle);
  simulate_layer(small, conv(16, 8, 8, 3, 1), TimingMode::Cycle);
  const LayerResult second = simulate_layer(eyeriss, layer, TimingMode::Cycle);
  EXPECT_EQ(first.cost.total_cycles, second.cost.total_cycles);
  EXPECT_EQ(first.cost.stall_cycles, second.cost.stall_cycles);
  EXPECT_EQ(first.cost.dram_read_bits, second.cost.dram_read_bits);
  EXPECT_EQ(first.cost.energy_mj, second.cost.energy_mj);
}

TEST(CycleMode, ReferenceModeIsTheReferenceModel) {
  const AccelConfig config = preset("bitfusion-eyeriss");
  const LayerShape layer = conv(3, 32, 224, 3, 2);
  const LayerResult result = simulate_layer(config, layer, TimingMode::Reference);
  const LayerCost reference = reference_cost(config, layer, true);
  EXPECT_TRUE(result.im2col);
  EXPECT_EQ(result.cost.total_cycles, reference.total_cycles);
  EXPECT_EQ(result.cost.energy_mj, reference.energy_mj);
  EXPECT_EQ(result.cost.loop_order, reference.loop_order);
}

TEST(CycleMode, FillAndDrainCostMostOnShallowReductions) {
  // One reduction step per pixel: the 50 cycles of fill and drain per pass weigh heavily; many
  // steps per pixel amortise them.
  const AccelConfig config = preset("bitfusion-eyeriss");
  const LayerResult shallow = simulate_layer(config, conv(16, 96, 56, 1, 1, 1, 4, 4), TimingMode::Cycle);
  const LayerResult deep = simulate_layer(config, conv(256, 32, 14, 3, 1), TimingMode::Cycle);
  const auto share = [](const LayerResult& r) {
    return static_cast<double>(r.fill_drain_cycles) / r.cost.compute_cycles;
  };
  EXPECT_GT(share(shallow), 0.3);
  EXPECT_LT(share(deep), 0.1);
}

}  // namespace
}  // namespace apq::sim
