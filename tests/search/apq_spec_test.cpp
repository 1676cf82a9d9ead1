// Sub-network specs as APQ's Python code writes them, read in a space marked apq_compatible.
#include <gtest/gtest.h>

#include "apq_converter_spec.h"
#include "search/space/apq_spec_rules.h"
#include "search/space/block_slots.h"
#include "search/space/config_file.h"
#include "search/space/config_sampling.h"
#include "search/space/space_file.h"
#include "space_test_support.h"

namespace apq::search {
namespace {

using testing_support::apq_converter_spec;
using testing_support::load_preset;
using testing_support::read_preset_json;
using testing_support::throws_input_error;

// Python: max(8, int(v + 4) // 8 * 8), plus 8 when that is below 0.9 v.
TEST(ApqSpecRules, MakeDivisibleFollowsPython) {
  EXPECT_EQ(apq_make_divisible(68.0, 8), 72.0);   // a half rounds up
  EXPECT_EQ(apq_make_divisible(67.9, 8), 64.0);
  EXPECT_EQ(apq_make_divisible(127.99999999999999, 8), 128.0);
  EXPECT_EQ(apq_make_divisible(128.00000000000003, 8), 128.0);
  EXPECT_EQ(apq_make_divisible(3.0, 8), 8.0);     // at least the divisor
  EXPECT_EQ(apq_make_divisible(-20.0, 8), 8.0);
  EXPECT_EQ(apq_make_divisible(47.0, 32), 64.0);  // 32 would lose more than 10 %
  EXPECT_EQ(apq_make_divisible(45.0, 8), 48.0);
}

TEST(ApqSpecRules, EveryExactRatioResolvesToItsChannels) {
  const Space space = load_preset("apq-imagenet224");
  for (const BlockSlot& slot : block_slots(space))
    for (int mid : slot.mid_choices)
      EXPECT_EQ(apq_mid_channels(static_cast<double>(mid) / slot.in_channels, slot.in_channels), mid)
          << "block " << slot.index;
}

TEST(ApqSpecRules, OnlyTheSingleBlockStageRunsAllItsBlocks) {
  const Space space = load_preset("apq-imagenet224");
  for (int depth : {2, 3, 4}) EXPECT_TRUE(apq_depth_runs_all_blocks(space, 5, depth)) << depth;
  EXPECT_FALSE(apq_depth_runs_all_blocks(space, 5, 1));
  EXPECT_FALSE(apq_depth_runs_all_blocks(space, 5, 5));  // no stage offers it
  for (int stage = 0; stage < 5; ++stage)
    for (int depth : {0, 1, 5, 6}) EXPECT_FALSE(apq_depth_runs_all_blocks(space, stage, depth));
}

TEST(ApqSpec, PresetIsMarkedAndFmnistIsNot) {
  EXPECT_TRUE(load_preset("apq-imagenet224").apq_compatible);
  EXPECT_FALSE(load_preset("fmnist").apq_compatible);
}

TEST(ApqSpec, ConverterSpecsReadAsApqRunsThem) {
  const Space space = load_preset("apq-imagenet224");
  std::mt19937_64 rng(17);
  for (int i = 0; i < 200; ++i) {
    const auto drawn = apq_converter_spec(rng);
    std::vector<std::string> warnings;
    const SubnetConfig config = config_from_json(space, drawn.spec, "apq.json", warnings);
    EXPECT_EQ(config, drawn.runs) << drawn.spec.dump();
    ASSERT_EQ(warnings.size(), 1u) << "only the last stage's depth is out of its choices";
    EXPECT_EQ(warnings[0], "apq.json: d[5] = " + drawn.spec["d"][5].dump() +
                               ": stage 5 has 1 block, read as depth 1 (APQ's code runs all of them)");
    // Written back, the spec is the normalized form, which reads without a warning.
    warnings.clear();
    EXPECT_EQ(config_from_json(space, config_to_json(space, config), "ours.json", warnings), config);
    EXPECT_TRUE(warnings.empty());
  }
}

TEST(ApqSpec, FractionalRatiosResolveAsApqResolvesThem) {
  const Space space = load_preset("apq-imagenet224");
  nlohmann::json spec = config_to_json(space, smallest_config(space));
  spec["e"][0] = 4.25;                // 68 channels of 16: make_divisible gives 72
  spec["e"][1] = 5.33;                // 127.92 of 24: 128
  spec["e"][5] = 4.1;                 // 164 of 40: 168
  spec["e"][20] = 4.0 + 1.0 / 192;    // 769 of 192: 768
  std::vector<std::string> warnings;
  const SubnetConfig config = config_from_json(space, spec, "apq.json", warnings);
  EXPECT_EQ(config.blocks[0].mid_channels, 72);
  EXPECT_EQ(config.blocks[1].mid_channels, 128);
  EXPECT_EQ(config.blocks[5].mid_channels, 168);
  EXPECT_EQ(config.blocks[20].mid_channels, 768);
  EXPECT_TRUE(warnings.empty());
}

class ApqSpecStrict : public ::testing::Test {
 protected:
  ::testing::AssertionResult rejected(const Space& space, const std::function<void(nlohmann::json&)>& edit,
                                      const std::vector<std::string>& fragments) {
    nlohmann::json spec = config_to_json(space, largest_config(space));
    edit(spec);
    std::vector<std::string> warnings;
    return throws_input_error([&] { config_from_json(space, spec, "spec.json", warnings); }, fragments);
  }

  Space apq_ = load_preset("apq-imagenet224");
  Space strict_ = [] {
    nlohmann::json doc = read_preset_json("apq-imagenet224");
    doc.erase("apq_compatible");
    return space_from_json(doc, "unmarked.json");
  }();
};

TEST_F(ApqSpecStrict, ADepthNotAChoiceOfAMultiBlockStageIsRefused) {
  EXPECT_TRUE(rejected(apq_, [](nlohmann::json& s) { s["d"][1] = 5; }, {"spec.json", "d[1] = 5", "depth choices"}));
  EXPECT_TRUE(rejected(apq_, [](nlohmann::json& s) { s["d"][0] = 1; }, {"d[0] = 1", "depth choices"}));
  EXPECT_TRUE(rejected(apq_, [](nlohmann::json& s) { s["d"][4] = 0; }, {"d[4] = 0"}));
}

TEST_F(ApqSpecStrict, TheSingleBlockStageTakesOnlyDepthsApqDraws) {
  EXPECT_TRUE(rejected(apq_, [](nlohmann::json& s) { s["d"][5] = 5; }, {"d[5] = 5", "depth choices [1]"}));
  EXPECT_TRUE(rejected(apq_, [](nlohmann::json& s) { s["d"][5] = 0; }, {"d[5] = 0"}));
}

TEST_F(ApqSpecStrict, ARatioApqResolvesOutsideTheChoicesIsRefused) {
  EXPECT_TRUE(rejected(apq_, [](nlohmann::json& s) { s["e"][0] = 3.0; },
                       {"e[0] = 3.0", "make_divisible(e x 16, 8) = 48 mid channels", "[64,72,80,88,96]"}));
  EXPECT_TRUE(rejected(apq_, [](nlohmann::json& s) { s["e"][2] = 6.2; }, {"e[2] = 6.2", "= 152 mid channels"}));
}

TEST_F(ApqSpecStrict, AnUnmarkedSpaceKeepsItsOwnRules) {
  EXPECT_TRUE(rejected(strict_, [](nlohmann::json& s) { s["d"][5] = 3; }, {"d[5] = 3", "depth choices [1] of stage 5"}));
  EXPECT_TRUE(rejected(strict_, [](nlohmann::json& s) { s["e"][0] = 4.25; }, {"e[0] = 4.25", "68", "multiple of 8"}));
  EXPECT_TRUE(rejected(strict_, [](nlohmann::json& s) { s["e"][0] = 4.1; }, {"e[0] = 4.1", "not a whole"}));
}

TEST_F(ApqSpecStrict, TheMarkIsABoolean) {
  nlohmann::json doc = read_preset_json("apq-imagenet224");
  doc["apq_compatible"] = "yes";
  EXPECT_TRUE(throws_input_error([&] { space_from_json(doc, "space.json"); },
                                 {"space.json: apq_compatible = \"yes\"", "true or false"}));
}

}  // namespace
}  // namespace apq::search
