#include <random>
#include <string>

#include <gtest/gtest.h>

#include "common/errors.h"
#include "calibration/build_plan.h"
#include "calibration/lut_cost_model.h"
#include "calibration/query.h"
#include "search/model/bitops.h"
#include "search/space/config_sampling.h"
#include "search/space/network_layers.h"
#include "search/space/space_file.h"
#include "synthetic_lut.h"

namespace apq::calibration {
namespace {

search::Space preset(const std::string& name) {
  return search::load_space(std::string(APQ_SOURCE_DIR) + "/configs/spaces/" + name + ".json");
}

using testing_support::monotone_lut;
using testing_support::random_lut;

TEST(LutCostModel, EqualsLutQueryToTheBitAndBitOpsOfTheLayerList) {
  for (const char* name : {"apq-imagenet224", "fmnist"}) {
    const search::Space space = preset(name);
    const Lut lut = random_lut(space, 1);
    const LutCostModel model(lut, space, "random.json");
    std::mt19937_64 rng(2);
    for (int i = 0; i < 300; ++i) {
      const search::SubnetConfig config = search::random_config(space, rng);
      const search::Cost cost = model.cost(config);
      const LutCost query = lut_cost(lut, space, config, "random.json");
      EXPECT_EQ(cost.latency_ms, query.latency_ms) << name << " " << i;
      EXPECT_EQ(cost.energy_mj, query.energy_mj) << name << " " << i;
      EXPECT_EQ(cost.bitops, search::network_bitops(space, config)) << name << " " << i;
    }
  }
}

TEST(LutCostModel, BitOpsOfOneLayerByHand) {
  search::SpaceLayer pointwise;
  pointwise.shape.cin = 24, pointwise.shape.cout = 96, pointwise.shape.in_size = 14, pointwise.shape.wbits = 4, pointwise.shape.abits = 6;
  EXPECT_EQ(search::layer_bitops(pointwise, 1), 14.0 * 14 * 96 * 24 * 4 * 6);
  search::SpaceLayer depthwise = pointwise;
  depthwise.shape.cin = depthwise.shape.cout = depthwise.shape.groups = 96, depthwise.shape.kernel = 5, depthwise.shape.stride = 2,
  depthwise.shape.padding = 2;
  EXPECT_EQ(search::layer_bitops(depthwise, 2), 2.0 * 7 * 7 * 96 * 25 * 4 * 6);
  search::SpaceLayer pool = pointwise;
  pool.op = LayerOp::AvgPool;
  EXPECT_EQ(search::layer_bitops(pool, 1), 0.0);
}

TEST(LutCostModel, MinimumIsTheSmallestNetworkWhenCostsGrowWithSize) {
  const search::Space space = preset("apq-imagenet224");
  const LutCostModel model(monotone_lut(space), space, "monotone.json");
  const search::Cost small = model.cost(search::smallest_config(space));
  const search::Cost min = *model.minimum();
  EXPECT_NEAR(min.latency_ms, small.latency_ms, 1e-12 * small.latency_ms);
  EXPECT_NEAR(min.energy_mj, small.energy_mj, 1e-12 * small.energy_mj);
  EXPECT_EQ(min.bitops, small.bitops);
}

TEST(LutCostModel, MinimumIsALowerBoundThatSomeNetworkReaches) {
  const search::Space space = preset("fmnist");
  const LutCostModel model(random_lut(space, 3), space, "random.json");
  const search::Cost min = *model.minimum();
  std::mt19937_64 rng(4);
  for (int i = 0; i < 500; ++i) {
    const search::Cost cost = model.cost(search::random_config(space, rng));
    EXPECT_GE(cost.latency_ms, min.latency_ms - 1e-12);
    EXPECT_GE(cost.energy_mj, min.energy_mj - 1e-12);
  }
  // The cheapest choice of every block, found through lut_cost's per-block parts with every
  // block set to the same combination at a time, and the cheapest depth per stage, give a
  // network that reaches the minimum.
  const std::vector<search::BlockSlot> slots = search::block_slots(space);
  const Lut lut = random_lut(space, 3);
  search::SubnetConfig all = search::largest_config(space);
  std::vector<double> block_best(slots.size(), std::numeric_limits<double>::infinity());
  search::SubnetConfig argmin = all;
  const search::BitChoices& b = space.bits;
  for (std::size_t mid = 0; mid < 32; ++mid)
    for (int k : space.kernel_choices)
      for (int pw_w : b.pw_w)
        for (int pw_a : b.pw_a)
          for (int dw_w : b.dw_w)
            for (int dw_a : b.dw_a) {
              for (const search::BlockSlot& slot : slots)
                all.blocks[slot.index] = {k, slot.mid_choices[std::min(mid, slot.mid_choices.size() - 1)],
                                          pw_w, pw_a, dw_w, dw_a};
              const LutCost cost = lut_cost(lut, space, all, "random.json");
              for (const search::BlockSlot& slot : slots)
                if (cost.parts[1 + slot.index].latency_ms < block_best[slot.index]) {
                  block_best[slot.index] = cost.parts[1 + slot.index].latency_ms;
                  argmin.blocks[slot.index] = all.blocks[slot.index];
                }
            }
  for (std::size_t s = 0; s < space.stages.size(); ++s) {
    double best = std::numeric_limits<double>::infinity();
    for (int depth : space.stages[s].depth_choices) {
      double prefix = 0;
      for (const search::BlockSlot& slot : slots)
        if (slot.stage == static_cast<int>(s) && slot.position < depth) prefix += block_best[slot.index];
      if (prefix < best) best = prefix, argmin.depths[s] = depth;
    }
  }
  EXPECT_NEAR(model.cost(argmin).latency_ms, min.latency_ms, 1e-9);
}

TEST(LutCostModel, AMissingEntryIsNamed) {
  const search::Space space = preset("fmnist");
  Lut lut = monotone_lut(space);
  const std::string key = plan_entries(space).front().key;
  lut.erase(key);
  try {
    LutCostModel(lut, space, "t.json");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("t.json: no entry for key '" + key + "' (block0 expand)"), std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace apq::calibration
