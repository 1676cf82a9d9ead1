// APQ's exps/NAME/arch file: [info, q_info] as its search.py writes it and its quant_aware.py and
// test.py read it.
#include <fstream>
#include <functional>

#include <gtest/gtest.h>

#include "apq_converter_spec.h"
#include "search/space/apq_arch_file.h"
#include "search/space/config_file.h"
#include "search/space/config_sampling.h"
#include "space_test_support.h"

namespace apq::search {
namespace {

using testing_support::apq_converter_spec;
using testing_support::load_preset;
using testing_support::ScratchDir;
using testing_support::throws_input_error;
using testing_support::write_text;

TEST(ApqArchFile, RoundTripsThroughAFile) {
  ScratchDir scratch;
  const Space space = load_preset("apq-imagenet224");
  std::mt19937_64 rng(3);
  for (int i = 0; i < 50; ++i) {
    const SubnetConfig config = random_config(space, rng);
    const std::string path = scratch.path("arch");
    save_apq_arch(space, config, path);
    EXPECT_EQ(load_apq_arch(space, path), config) << "sample " << i;
  }
  for (const SubnetConfig& config : {smallest_config(space), largest_config(space)}) {
    save_apq_arch(space, config, scratch.path("arch"));
    EXPECT_EQ(load_apq_arch(space, scratch.path("arch")), config);
  }
}

// search.py splits APQ's spec dict in two: the keyword arguments of set_active_subnet, then those
// of set_quantization_policy; each half keeps the converter's key order.
TEST(ApqArchFile, IsApqsSpecSplitInTwo) {
  const Space space = load_preset("apq-imagenet224");
  std::mt19937_64 rng(5);
  const SubnetConfig config = random_config(space, rng);
  const nlohmann::json arch = nlohmann::json::parse(apq_arch_text(space, config));
  ASSERT_TRUE(arch.is_array());
  ASSERT_EQ(arch.size(), 2u);
  const nlohmann::json spec = config_to_json(space, config);
  EXPECT_EQ(arch[0], nlohmann::json({{"wid", nullptr}, {"ks", spec["ks"]}, {"e", spec["e"]}, {"d", spec["d"]}}));
  EXPECT_EQ(arch[1], nlohmann::json({{"pw_w_bits_setting", spec["pw_w_bits_setting"]},
                                     {"pw_a_bits_setting", spec["pw_a_bits_setting"]},
                                     {"dw_w_bits_setting", spec["dw_w_bits_setting"]},
                                     {"dw_a_bits_setting", spec["dw_a_bits_setting"]}}));
  const std::string text = apq_arch_text(space, config);
  EXPECT_EQ(text.rfind("[{\"wid\":null,\"ks\":[", 0), 0u) << text;
  EXPECT_NE(text.find("],\"d\":[" + std::to_string(config.depths[0])), std::string::npos) << text;
  EXPECT_NE(text.find("]},{\"pw_w_bits_setting\":["), std::string::npos) << text;
  EXPECT_EQ(text.back(), '\n');
}

// An arch file whose spec came from APQ's converter: its last depth above the single block.
TEST(ApqArchFile, ReadsApqsOwnPicks) {
  const Space space = load_preset("apq-imagenet224");
  std::mt19937_64 rng(11);
  const auto drawn = apq_converter_spec(rng);
  nlohmann::json info = nlohmann::json::object();
  nlohmann::json q_info = nlohmann::json::object();
  for (const auto& item : drawn.spec.items())
    (item.key().find("bits_setting") == std::string::npos ? info : q_info)[item.key()] = item.value();
  std::vector<std::string> warnings;
  EXPECT_EQ(apq_arch_from_json(space, nlohmann::json::array({info, q_info}), "exps/x/arch", warnings), drawn.runs);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("exps/x/arch: d[5] = "), std::string::npos) << warnings[0];
}

class BadArch : public ::testing::Test {
 protected:
  ::testing::AssertionResult rejected(const std::function<void(nlohmann::json&)>& edit,
                                      std::vector<std::string> fragments) {
    nlohmann::json arch = nlohmann::json::parse(apq_arch_text(space_, largest_config(space_)));
    edit(arch);
    const std::string path = scratch_.path("arch");
    write_text(path, arch.dump());
    fragments.push_back(path);
    return throws_input_error([&] { load_apq_arch(space_, path); }, fragments);
  }

  Space space_ = load_preset("apq-imagenet224");
  ScratchDir scratch_;
};

TEST_F(BadArch, NotAPair) {
  EXPECT_TRUE(rejected([](nlohmann::json& a) { a.erase(1); }, {"[info, q_info]"}));
  EXPECT_TRUE(rejected([](nlohmann::json& a) { a = a[0]; }, {"[info, q_info]"}));
  EXPECT_TRUE(rejected([](nlohmann::json& a) { a[1] = 8; }, {"[1] = 8", "expected an object"}));
}

TEST_F(BadArch, AKeyInTheWrongHalf) {
  EXPECT_TRUE(rejected(
      [](nlohmann::json& a) {
        a[0]["pw_w_bits_setting"] = a[1]["pw_w_bits_setting"];
        a[1].erase("pw_w_bits_setting");
      },
      {"[0].pw_w_bits_setting", "unknown key"}));
  EXPECT_TRUE(rejected([](nlohmann::json& a) { a[1]["d"] = a[0]["d"]; }, {"[1].d", "unknown key"}));
}

TEST_F(BadArch, ValuesAreCheckedAsInASpec) {
  EXPECT_TRUE(rejected([](nlohmann::json& a) { a[0].erase("ks"); }, {"ks", "missing"}));
  EXPECT_TRUE(rejected([](nlohmann::json& a) { a[0]["d"][2] = 5; }, {"d[2] = 5", "depth choices"}));
  EXPECT_TRUE(rejected([](nlohmann::json& a) { a[1]["dw_a_bits_setting"][3] = 5; }, {"dw_a_bits_setting[3] = 5"}));
}

TEST(ApqArchFileSpace, OnlyForAnApqCompatibleSpace) {
  ScratchDir scratch;
  const Space fmnist = load_preset("fmnist");
  const std::string path = scratch.path("arch");
  EXPECT_NO_THROW(require_apq_arch_space(load_preset("apq-imagenet224")));
  EXPECT_TRUE(throws_input_error([&] { require_apq_arch_space(fmnist); }, {"space 'fmnist'", "apq_compatible"}));
  EXPECT_TRUE(throws_input_error([&] { save_apq_arch(fmnist, largest_config(fmnist), path); },
                                 {"space 'fmnist'", "apq_compatible"}));
  EXPECT_FALSE(std::ifstream(path).good());
  write_text(path, "[{}, {}]");
  EXPECT_TRUE(throws_input_error([&] { load_apq_arch(fmnist, path); }, {"space 'fmnist'", "apq_compatible"}));
}

}  // namespace
}  // namespace apq::search
