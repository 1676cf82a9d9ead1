// The pieces of the reference model, and its pruned schedule search against a plain
// exhaustive search over every tiling and all 120 loop orders.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "common/random.h"
#include "layer/layer_shape.h"
#include "sim/accel_config.h"
#include "sim/reference/dense_problem.h"
#include "sim/reference/reuse_walk.h"
#include "sim/reference/schedule_cost.h"
#include "sim/reference/schedule_search.h"
#include "sim/reference/sram_access.h"
#include "sim/reference/tiling.h"
#include "tests/sim/sim_test_support.h"

namespace apq::sim::reference {
namespace {

using testing::preset;

TEST(Tiling, CandidatesArePowersOfTwoCappedAtTheFullSize) {
  EXPECT_EQ(tile_candidates(1, 1), (std::vector<std::int64_t>{1}));
  EXPECT_EQ(tile_candidates(4, 1), (std::vector<std::int64_t>{1, 2, 4}));
  EXPECT_EQ(tile_candidates(5, 1), (std::vector<std::int64_t>{1, 2, 4, 5}));
  EXPECT_EQ(tile_candidates(32, 32), (std::vector<std::int64_t>{32}));
  EXPECT_EQ(tile_candidates(100, 32), (std::vector<std::int64_t>{32, 64, 100}));
}

TEST(Tiling, RaggedTilesCountAsFullOnes) {
  LayerShape layer;
  layer.cin = 40;
  layer.cout = 40;
  layer.in_size = 7;
  const DenseProblem problem = make_dense_problem(preset("bitfusion-eyeriss"), layer, false);
  const Tiling tiling = make_tiling(problem, 1, 4, 32, 32);
  EXPECT_EQ(tiling[Loop::OW].count, 2);
  EXPECT_EQ(tiling[Loop::IC].count, 2);
  EXPECT_EQ(tiling[Loop::OC].count, 2);
  EXPECT_EQ(tile_count(tiling), 2 * 2 * 2 * 2);
  // 4x4 pixels x ceil(32 / 16) row passes x 1 column pass.
  EXPECT_EQ(tile_compute_cycles(problem, tiling), 4 * 4 * 2);
}

TEST(ReuseWalk, StopsReusingWhenHalfTheBufferOverflows) {
  DenseProblem problem;
  problem.half_buffer_bits = {1000, 1000, 1000};
  const TileFootprint footprint = {100, 300, 200};
  Tiling tiling;
  tiling[Loop::OC].count = 4;
  tiling[Loop::B].count = 2;
  // Innermost first: OC (weights x4 = 400 resident; outputs x4 = 800 resident), then B (weights
  // do not depend on it; outputs x2 = 1600 > 1000: reuse stops), then IC, OW, OH of count 1.
  const LoopOrder order = {Loop::IC, Loop::OW, Loop::OH, Loop::B, Loop::OC};
  const Traffic traffic = reuse_walk(problem, tiling, footprint, order);
  const auto at = [&](Tensor tensor) { return traffic[static_cast<int>(tensor)]; };
  EXPECT_EQ(at(Tensor::Weights).dram_bits, 400);
  EXPECT_EQ(at(Tensor::Weights).resident_bits, 400);
  EXPECT_EQ(at(Tensor::Activations).dram_bits, 600);
  EXPECT_EQ(at(Tensor::Activations).resident_bits, 600);
  EXPECT_EQ(at(Tensor::Outputs).dram_bits, 1600);
  EXPECT_EQ(at(Tensor::Outputs).resident_bits, 800);
  EXPECT_FALSE(at(Tensor::Outputs).reusing);

  // With B innermost the outputs overflow only at OC, and then weights are refetched per batch.
  const LoopOrder batch_inside = {Loop::IC, Loop::OW, Loop::OH, Loop::OC, Loop::B};
  const Traffic other = reuse_walk(problem, tiling, footprint, batch_inside);
  EXPECT_EQ(other[static_cast<int>(Tensor::Outputs)].dram_bits, 1600);
  EXPECT_EQ(other[static_cast<int>(Tensor::Outputs)].resident_bits, 400);
  EXPECT_EQ(other[static_cast<int>(Tensor::Weights)].dram_bits, 400);
}

// Every tiling in the reference's enumeration and every one of the 120 orders, the first
// strictly better (cycles, then energy) kept; single-tile loops then reported outermost.
Schedule exhaustive_search(const DenseProblem& problem) {
  const TileCandidates candidates = tile_candidates(problem);
  LoopOrder order = kAllLoops;
  std::vector<LoopOrder> orders;
  do orders.push_back(order);
  while (std::next_permutation(order.begin(), order.end()));

  bool found = false;
  Schedule best;
  for (std::int64_t b : candidates.batch)
    for (std::int64_t o : candidates.spatial)
      for (std::int64_t ic : candidates.cin)
        for (std::int64_t oc : candidates.cout) {
          const Tiling tiling = make_tiling(problem, b, o, ic, oc);
          const TileFootprint footprint = tile_footprint(problem, tiling);
          if (!fits_half_buffers(problem, footprint)) continue;
          const TilingWork work = tiling_work(problem, tiling, footprint);
          const Dataflow dataflow = choose_dataflow(problem, tiling);
          const SramBits array_bits = array_sram_bits(problem, tiling, dataflow);
          for (const LoopOrder& candidate : orders) {
            const ScheduleCost cost = schedule_cost(
                problem, work, array_bits, reuse_walk(problem, tiling, footprint, candidate));
            if (found && (cost.total_cycles > best.cost.total_cycles ||
                          (cost.total_cycles == best.cost.total_cycles &&
                           cost.energy_total_pj >= best.cost.energy_total_pj)))
              continue;
            found = true;
            best = {tiling, candidate, dataflow, cost};
          }
        }
  LoopOrder reported{};
  int position = 0;
  for (Loop loop : best.order)
    if (best.tiling[loop].count == 1) reported[position++] = loop;
  for (Loop loop : best.order)
    if (best.tiling[loop].count > 1) reported[position++] = loop;
  best.order = reported;
  return best;
}

// Random layers on the three reference configurations; `cycle_mode` adds the cycle mode's pass
// and DRAM-latency costs to the problem (sim/cycle/conv_plan.cpp).
void expect_pruned_equals_exhaustive(bool cycle_mode, int layers) {
  const std::vector<AccelConfig> configs = {preset("bitfusion-eyeriss"), preset("bitfusion-8x8"),
                                            preset("bitfusion-stripes")};
  std::mt19937_64 random(cycle_mode ? 2020 : 2018);
  auto pick = [&](std::vector<int> values) {
    return values[apq::random_index(random, values.size())];
  };
  for (int i = 0; i < layers; ++i) {
    LayerShape layer;
    layer.cin = pick({3, 8, 16, 24, 40, 64, 96, 160, 320});
    layer.cout = pick({8, 16, 24, 40, 80, 96, 192, 320});
    layer.in_size = pick({4, 7, 14, 28, 56});
    layer.kernel = pick({1, 3, 5, 7});
    layer.stride = pick({1, 2});
    layer.padding = layer.kernel / 2;
    layer.batch = pick({1, 2, 3, 4});
    layer.wbits = pick({2, 3, 4, 6, 8});
    layer.abits = pick({2, 4, 5, 8});
    const bool im2col = layer.cin == 3 && layer.kernel > 1;
    const AccelConfig& config = configs[i % configs.size()];
    SCOPED_TRACE(config.name + " " + describe_layer(layer));

    DenseProblem problem = make_dense_problem(config, layer, im2col);
    if (cycle_mode) {
      problem.pass_depth = 16;
      problem.pass_overhead_cycles = config.rows + config.cols + 2;
      problem.dram_latency_cycles = config.dram_latency_cycles;
      problem.output_bits = layer.abits;
    }
    const Schedule fast = search_schedule(problem);
    const Schedule slow = exhaustive_search(problem);
    EXPECT_EQ(fast.cost.total_cycles, slow.cost.total_cycles);
    EXPECT_EQ(fast.cost.energy_total_pj, slow.cost.energy_total_pj);
    EXPECT_EQ(fast.cost.dram_read_bits, slow.cost.dram_read_bits);
    for (Loop loop : kAllLoops) {
      EXPECT_EQ(fast.tiling[loop].count, slow.tiling[loop].count) << loop_name(loop);
      EXPECT_EQ(fast.tiling[loop].size, slow.tiling[loop].size) << loop_name(loop);
    }
    EXPECT_EQ(fast.order, slow.order);
  }
}

TEST(ScheduleSearch, PrunedSearchFindsWhatTheExhaustiveSearchFinds) {
  expect_pruned_equals_exhaustive(false, 60);
}

TEST(ScheduleSearch, PrunedSearchFindsWhatTheExhaustiveSearchFindsForTheCycleMode) {
  expect_pruned_equals_exhaustive(true, 30);
}

}  // namespace
}  // namespace apq::sim::reference
