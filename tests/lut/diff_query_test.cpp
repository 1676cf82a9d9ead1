#include <string>

#include <gtest/gtest.h>

#include "common/errors.h"
#include "lut/build_plan.h"
#include "lut/diff.h"
#include "lut/merge.h"
#include "lut/query.h"
#include "search/space/config_sampling.h"
#include "search/space/lut_key.h"
#include "search/space/network_layers.h"
#include "search/space/space_file.h"

namespace apq::lut {
namespace {

search::Space fmnist() { return search::load_space(std::string(APQ_SOURCE_DIR) + "/configs/spaces/fmnist.json"); }

// A synthetic table over the whole plan: entry i costs (i + 1) ms and 2 (i + 1) mJ.
Lut synthetic(const search::Space& space) {
  Lut lut;
  double i = 0;
  for (const PlanEntry& e : plan_entries(space)) {
    ++i;
    lut[e.key] = {i, 2 * i, std::nullopt, {}};
  }
  return lut;
}

TEST(Diff, ALutAgainstItselfHasRatioOneAndCorrelationOne) {
  const Lut lut = synthetic(fmnist());
  const LutDiff d = diff_luts(lut, lut, 5);
  EXPECT_EQ(d.in_both, lut.size());
  EXPECT_TRUE(d.only_in_a.empty());
  EXPECT_TRUE(d.only_in_b.empty());
  for (const MetricDiff* m : {&d.latency, &d.energy}) {
    EXPECT_EQ(m->ratio_median, 1.0);
    EXPECT_EQ(m->ratio_p5, 1.0);
    EXPECT_EQ(m->ratio_p95, 1.0);
    EXPECT_DOUBLE_EQ(m->spearman, 1.0);
    EXPECT_EQ(m->kendall_tau_b, 1.0);
    EXPECT_EQ(m->worst.size(), 5u);
  }
}

TEST(Diff, KeysOnOneSideRatiosAndWorstEntries) {
  Lut a{{"head", {1, 1, std::nullopt, {}}}, {"tail", {2, 2, std::nullopt, {}}},
        {"(8, 32, 14, 1, 1, 0, 1)-W4A4", {4, 4, std::nullopt, {}}}};
  Lut b = a;
  b.erase("tail");
  b["head"].latency_ms = 3;  // ratio 3
  b["(1, 1, 1, 1, 1, 0, 1)-W8A8"] = {1, 1, std::nullopt, {}};
  const LutDiff d = diff_luts(a, b, 1);
  EXPECT_EQ(d.in_both, 2u);
  EXPECT_EQ(d.only_in_a, std::vector<std::string>{"tail"});
  EXPECT_EQ(d.only_in_b, std::vector<std::string>{"(1, 1, 1, 1, 1, 0, 1)-W8A8"});
  EXPECT_DOUBLE_EQ(d.latency.ratio_median, 2.0);
  ASSERT_EQ(d.latency.worst.size(), 1u);
  EXPECT_EQ(d.latency.worst[0].key, "head");
  EXPECT_DOUBLE_EQ(d.latency.worst[0].ratio, 3.0);
  EXPECT_DOUBLE_EQ(d.energy.ratio_median, 1.0);
}

TEST(Query, SumsHeadTailAndTheRunningBlocks) {
  const search::Space space = fmnist();
  const Lut lut = synthetic(space);
  std::mt19937_64 rng(3);
  const search::SubnetConfig config = search::random_config(space, rng);
  const LutCost cost = lut_cost(lut, space, config, "synthetic");
  const search::NetworkLayers layers = search::layers_of(space, config);
  ASSERT_EQ(cost.parts.size(), layers.blocks.size() + 2);
  double expected = lut.at("head").latency_ms + lut.at("tail").latency_ms;
  for (const search::BlockLayers& block : layers.blocks)
    for (const search::SpaceLayer& layer : block.layers) expected += lut.at(search::lut_key(layer)).latency_ms;
  EXPECT_DOUBLE_EQ(cost.latency_ms, expected);
  EXPECT_DOUBLE_EQ(cost.energy_mj, 2 * expected);
  EXPECT_EQ(cost.parts[1].name, "block" + std::to_string(layers.blocks[0].block));
  EXPECT_EQ(cost.parts[1].keys.size(), 3u);
  double parts = 0;
  for (const CostPart& p : cost.parts) parts += p.latency_ms;
  EXPECT_NEAR(parts, cost.latency_ms, 1e-9 * cost.latency_ms);
}

TEST(Query, AMissingEntryIsNamed) {
  const search::Space space = fmnist();
  Lut lut = synthetic(space);
  const search::SubnetConfig config = search::smallest_config(space);
  const search::NetworkLayers layers = search::layers_of(space, config);
  const search::BlockLayers& block = layers.blocks[1];
  const std::string key = search::lut_key(block.layers[1]);
  lut.erase(key);
  try {
    lut_cost(lut, space, config, "small.json");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("small.json: no entry for key '" + key + "' (block" + std::to_string(block.block) + " depthwise)"), std::string::npos) << m;
  }
}

TEST(Merge, JoinsShardsAndRefusesDisagreement) {
  const Lut whole = synthetic(fmnist());
  Lut first, second;
  std::size_t i = 0;
  for (const auto& [key, value] : whole) (i++ % 2 ? first : second)[key] = value;
  EXPECT_EQ(merge_luts({{"1.json", first}, {"2.json", second}, {"again.json", first}}), whole);
  Lut wrong = first;
  wrong.begin()->second.energy_mj += 1;
  EXPECT_THROW(merge_luts({{"1.json", first}, {"wrong.json", wrong}}), InputError);
  std::vector<std::string> keys;
  for (const auto& [key, value] : whole) keys.push_back(key);
  EXPECT_EQ(missing_keys(first, keys).size(), second.size());
}

}  // namespace
}  // namespace apq::lut
