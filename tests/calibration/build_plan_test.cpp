#include <set>
#include <string>

#include <gtest/gtest.h>

#include "common/errors.h"
#include "calibration/build_plan.h"
#include "calibration/lut.h"
#include "search/space/layer_enumeration.h"
#include "search/space/space_file.h"

namespace apq::calibration {
namespace {

search::Space preset(const std::string& name) {
  return search::load_space(std::string(APQ_SOURCE_DIR) + "/configs/spaces/" + name + ".json");
}

// The row count of the APQ table is derived independently (brute force over the space's
// geometry) in tests/search/layer_enumeration_test.cpp; here: the plan is those rows plus head
// and tail, every key valid and distinct.
TEST(BuildPlan, ImagenetHasApqRowsPlusHeadAndTail) {
  const std::vector<PlanEntry> plan = plan_entries(preset("apq-imagenet224"));
  EXPECT_EQ(plan.size(), 779u * 9u + 2u);
  std::set<std::string> keys;
  for (const PlanEntry& e : plan) {
    EXPECT_TRUE(is_lut_key(e.key)) << e.key;
    keys.insert(e.key);
  }
  EXPECT_EQ(keys.size(), plan.size());
  EXPECT_EQ(plan[plan.size() - 2].key, "head");
  EXPECT_EQ(plan.back().key, "tail");
}

TEST(BuildPlan, FmnistIsItsDistinctLayersPlusTwo) {
  const search::Space space = preset("fmnist");
  EXPECT_EQ(plan_entries(space).size(), search::distinct_block_layers(space).size() + 2);
}

TEST(BuildPlan, ShardsPartitionThePlan) {
  const std::vector<PlanEntry> plan = plan_entries(preset("fmnist"));
  std::multiset<std::string> seen;
  for (int k = 1; k <= 3; ++k)
    for (const PlanEntry& e : shard_entries(plan, {k, 3})) seen.insert(e.key);
  EXPECT_EQ(seen.size(), plan.size());
  for (const PlanEntry& e : plan) EXPECT_EQ(seen.count(e.key), 1u);
  EXPECT_EQ(shard_entries(plan, {1, 1}).size(), plan.size());
}

TEST(BuildPlan, ParsesShards) {
  EXPECT_EQ(parse_shard("2/5").index, 2);
  EXPECT_EQ(parse_shard("2/5").count, 5);
  EXPECT_EQ(shard_text(parse_shard("1/1")), "1/1");
  for (const char* bad : {"0/3", "4/3", "3", "/3", "1/", "a/b", "1/-2", "-1/2"})
    EXPECT_THROW(parse_shard(bad), UsageError) << bad;
}

}  // namespace
}  // namespace apq::calibration
