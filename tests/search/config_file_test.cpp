#include <fstream>

#include <gtest/gtest.h>

#include "search/space/block_slots.h"
#include "search/space/config_file.h"
#include "search/space/config_sampling.h"
#include "space_test_support.h"

namespace apq::search {
namespace {

using testing_support::load_preset;
using testing_support::ScratchDir;
using testing_support::throws_input_error;
using testing_support::write_text;

TEST(ConfigFile, RoundTripsThroughAFile) {
  ScratchDir scratch;
  for (const char* preset : {"apq-imagenet224", "fmnist"}) {
    const Space space = load_preset(preset);
    std::mt19937_64 rng(7);
    for (int i = 0; i < 20; ++i) {
      const SubnetConfig config = random_config(space, rng);
      const std::string path = scratch.path(std::string(preset) + ".json");
      save_config(space, config, path);
      EXPECT_EQ(load_config(space, path), config) << preset << " sample " << i;
    }
  }
}

TEST(ConfigFile, WritesApqSpecFields) {
  const Space space = load_preset("apq-imagenet224");
  const nlohmann::json spec = config_to_json(space, smallest_config(space));
  for (const char* key : {"ks", "e", "d", "pw_w_bits_setting", "pw_a_bits_setting", "dw_w_bits_setting",
                          "dw_a_bits_setting"})
    EXPECT_TRUE(spec.contains(key)) << key;
  EXPECT_EQ(spec.size(), 7u);
  EXPECT_EQ(spec["d"], nlohmann::json({2, 2, 2, 2, 2, 1}));
  EXPECT_EQ(spec["e"].size(), 21u);
  EXPECT_DOUBLE_EQ(spec["e"][0].get<double>(), 4.0);
  EXPECT_EQ(spec["ks"][0], 3);
  EXPECT_EQ(spec["dw_a_bits_setting"][20], 4);
}

// A spec as APQ's Python writes it: "wid": None, expand ratios printed by repr(k / t).
TEST(ConfigFile, ReadsApqWrittenSpec) {
  const Space space = load_preset("apq-imagenet224");
  nlohmann::json spec = config_to_json(space, largest_config(space));
  spec["wid"] = nullptr;
  spec["e"][1] = nlohmann::json::parse("4.333333333333333");  // 104 / 24
  spec["e"][4] = nlohmann::json::parse("5.666666666666667");  // 136 / 24
  spec["e"][0] = 4;                                            // APQ's integer default
  const SubnetConfig config = config_from_json(space, spec, "apq.json");
  EXPECT_EQ(config.blocks[1].mid_channels, 104);
  EXPECT_EQ(config.blocks[4].mid_channels, 136);
  EXPECT_EQ(config.blocks[0].mid_channels, 64);
}

class BadSpec : public ::testing::Test {
 protected:
  ::testing::AssertionResult rejected(const std::function<void(nlohmann::json&)>& edit,
                                      std::vector<std::string> fragments) {
    nlohmann::json spec = config_to_json(space_, largest_config(space_));
    edit(spec);
    const std::string path = scratch_.path("spec.json");
    write_text(path, spec.dump());
    fragments.push_back(path);
    return throws_input_error([&] { load_config(space_, path); }, fragments);
  }

  Space space_ = load_preset("apq-imagenet224");
  ScratchDir scratch_;
};

TEST_F(BadSpec, KernelFour) { EXPECT_TRUE(rejected([](nlohmann::json& s) { s["ks"][3] = 4; }, {"ks[3] = 4"})); }

TEST_F(BadSpec, DepthFive) { EXPECT_TRUE(rejected([](nlohmann::json& s) { s["d"][1] = 5; }, {"d[1] = 5"})); }

// Ratios that name no whole multiple of 8: apq_spec_test.cpp (APQ's rules resolve them in this
// space, the strict rules refuse them elsewhere).

// Found by fuzzing: a ratio whose mid channels overflow an int (fmnist's strict rules).
TEST(ConfigFile, HugeExpandRatioIsRefusedNotOverflowed) {
  const Space fmnist = load_preset("fmnist");
  nlohmann::json spec = config_to_json(fmnist, largest_config(fmnist));
  spec["e"][0] = 7.5e17;
  ScratchDir scratch;
  const std::string path = scratch.path("huge.json");
  write_text(path, spec.dump());
  EXPECT_TRUE(throws_input_error([&] { load_config(fmnist, path); }, {path, "e[0]", "more than any layer can have"}));
}

TEST_F(BadSpec, WrongLengths) {
  EXPECT_TRUE(rejected([](nlohmann::json& s) { s["ks"].erase(0); }, {"ks", "20 entries, expected 21"}));
  EXPECT_TRUE(rejected([](nlohmann::json& s) { s["d"].push_back(2); }, {"d", "7 entries, expected 6"}));
}

TEST_F(BadSpec, BitsNotAllowed) {
  EXPECT_TRUE(rejected([](nlohmann::json& s) { s["pw_w_bits_setting"][9] = 5; }, {"pw_w_bits_setting[9] = 5"}));
}

TEST_F(BadSpec, UnknownOrMissingOrMistypedFields) {
  EXPECT_TRUE(rejected([](nlohmann::json& s) { s["depth"] = 3; }, {"depth", "unknown key"}));
  EXPECT_TRUE(rejected([](nlohmann::json& s) { s.erase("dw_a_bits_setting"); }, {"dw_a_bits_setting", "missing"}));
  EXPECT_TRUE(rejected([](nlohmann::json& s) { s["ks"][2] = "7"; }, {"ks[2] = \"7\"", "integer"}));
  EXPECT_TRUE(rejected([](nlohmann::json& s) { s["wid"] = {1, 2}; }, {"wid", "null"}));
}

}  // namespace
}  // namespace apq::search
