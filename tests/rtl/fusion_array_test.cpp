#include <gtest/gtest.h>

#include <random>
#include <string>

#include "common/errors.h"
#include "common/random.h"
#include "rtl/fusion_array_sim.h"

namespace {

using apq::rtl::ArrayShape;
using apq::rtl::Precision;

std::vector<Precision> every_precision() {
  std::vector<Precision> all;
  for (int a : {2, 4, 8}) {
    for (int w : {2, 4, 8}) {
      for (bool as : {false, true}) {
        for (bool ws : {false, true}) all.push_back({a, w, as, ws});
      }
    }
  }
  return all;
}

std::string describe(const Precision& p) {
  return "A" + std::to_string(p.abits) + (p.asigned ? "s" : "u") + " W" + std::to_string(p.wbits) +
         (p.wsigned ? "s" : "u");
}

class FusionArrayShapes : public testing::TestWithParam<ArrayShape> {};

TEST_P(FusionArrayShapes, RandomTilesMatchGoldenOutputsAndCycleFormula) {
  const auto shape = GetParam();
  auto sim = apq::rtl::make_fusion_array_sim(shape);
  std::mt19937_64 rng(static_cast<std::uint64_t>(shape.rows * 1000 + shape.cols));
  // Large arrays simulate slowly; fewer tiles there keep the suite fast.
  const int tiles_per_precision = shape.rows * shape.cols >= 256 ? 1 : 3;
  for (const auto& p : every_precision()) {
    for (int i = 0; i < tiles_per_precision; ++i) {
      const int pixels = static_cast<int>(apq::random_between(rng, 1, 6));
      const int steps = static_cast<int>(apq::random_between(rng, 1, sim->weight_depth()));
      const auto tile = apq::rtl::random_tile(shape, p, pixels, steps, rng);
      const auto run = sim->run_tile(tile);
      ASSERT_EQ(run.outputs, apq::rtl::tile_outputs(shape, tile))
          << describe(p) << " pixels " << pixels << " steps " << steps;
      ASSERT_EQ(run.cycles, apq::rtl::tile_cycles(shape, pixels, steps))
          << describe(p) << " pixels " << pixels << " steps " << steps;
    }
  }
}

TEST_P(FusionArrayShapes, AccumulatorExtremesAreBitExact) {
  const auto shape = GetParam();
  auto sim = apq::rtl::make_fusion_array_sim(shape);
  const int steps = sim->weight_depth();
  for (const auto& p : every_precision()) {
    for (bool act_min : {false, true}) {
      for (bool wgt_min : {false, true}) {
        const auto tile = apq::rtl::extreme_tile(shape, p, 2, steps, act_min, wgt_min);
        const auto run = sim->run_tile(tile);
        const auto want = apq::rtl::tile_outputs(shape, tile);
        ASSERT_EQ(run.outputs, want) << describe(p) << " act_min " << act_min << " wgt_min " << wgt_min;
      }
    }
  }
  // The largest sum the array can form, as a sanity check of the golden model itself:
  // 8-bit signed -128 * -128 in every unit of a column, over every step.
  const Precision p8{8, 8, true, true};
  const auto tile = apq::rtl::extreme_tile(shape, p8, 1, steps, true, true);
  EXPECT_EQ(sim->run_tile(tile).outputs.front(), 16384 * shape.rows * steps);
}

TEST_P(FusionArrayShapes, ManyPixelsStreamBackToBack) {
  const auto shape = GetParam();
  auto sim = apq::rtl::make_fusion_array_sim(shape);
  std::mt19937_64 rng(7);
  const Precision p{4, 4, false, true};
  const auto tile = apq::rtl::random_tile(shape, p, 40, 3, rng);
  const auto run = sim->run_tile(tile);
  EXPECT_EQ(run.outputs, apq::rtl::tile_outputs(shape, tile));
  EXPECT_EQ(run.cycles, apq::rtl::tile_cycles(shape, 40, 3));
}

std::string shape_name(const testing::TestParamInfo<ArrayShape>& info) {
  return std::to_string(info.param.rows) + "x" + std::to_string(info.param.cols);
}

INSTANTIATE_TEST_SUITE_P(Verilated, FusionArrayShapes,
                         testing::ValuesIn(apq::rtl::verilated_shapes()), shape_name);

TEST(FusionArrayShapes, BuildIncludesANonSquareAndTheFullBitFusionArray) {
  bool non_square = false;
  bool full = false;
  for (const auto& s : apq::rtl::verilated_shapes()) {
    non_square |= s.rows != s.cols;
    full |= s.rows == 16 && s.cols == 32;
  }
  EXPECT_TRUE(non_square);
  EXPECT_TRUE(full);
}

TEST(FusionArrayShapes, UnknownShapeIsRefusedNamingTheAvailableOnes) {
  try {
    apq::rtl::make_fusion_array_sim({5, 7});
    FAIL() << "expected InputError";
  } catch (const apq::InputError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("5x7"), std::string::npos) << what;
    EXPECT_NE(what.find("16x32"), std::string::npos) << what;
  }
}

TEST(FusionArrayShapes, TileDeeperThanTheWeightBankIsRefused) {
  auto sim = apq::rtl::make_fusion_array_sim({4, 8});
  std::mt19937_64 rng(1);
  const auto tile = apq::rtl::random_tile({4, 8}, {8, 8, true, true}, 1, sim->weight_depth() + 1, rng);
  EXPECT_THROW(sim->run_tile(tile), apq::InputError);
}

}  // namespace
