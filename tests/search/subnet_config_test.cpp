#include <gtest/gtest.h>

#include "search/space/config_sampling.h"
#include "search/space/subnet_config.h"
#include "space_test_support.h"

namespace apq::search {
namespace {

using testing_support::load_preset;
using testing_support::throws_input_error;

class ImagenetConfig : public ::testing::Test {
 protected:
  ::testing::AssertionResult rejected(const SubnetConfig& config, const std::vector<std::string>& fragments) {
    return throws_input_error([&] { validate_config(space_, config, "candidate"); }, fragments);
  }

  Space space_ = load_preset("apq-imagenet224");
  SubnetConfig config_ = largest_config(space_);
};

TEST_F(ImagenetConfig, RejectsKernelOutsideChoices) {
  config_.blocks[3].kernel = 4;
  EXPECT_TRUE(rejected(config_, {"candidate", "ks[3] = 4", "kernel choices"}));
}

TEST_F(ImagenetConfig, RejectsDepthOutsideChoices) {
  config_.depths[2] = 5;
  EXPECT_TRUE(rejected(config_, {"d[2] = 5", "depth choices"}));
  config_.depths[2] = 4;
  config_.depths[5] = 2;
  EXPECT_TRUE(rejected(config_, {"d[5] = 2"}));
}

TEST_F(ImagenetConfig, RejectsMidChannelsNotMultipleOfEight) {
  config_.blocks[0].mid_channels = 68;  // block 0 has 16 input channels
  EXPECT_TRUE(rejected(config_, {"e[0] = 4.25", "68 mid channels", "multiple of 8"}));
}

TEST_F(ImagenetConfig, RejectsMidChannelsOutsideRange) {
  config_.blocks[0].mid_channels = 104;
  EXPECT_TRUE(rejected(config_, {"e[0] = 6.5", "104 mid channels", "[64,72,80,88,96]"}));
}

TEST_F(ImagenetConfig, RejectsBitsOutsideChoices) {
  config_.blocks[7].pw_a_bits = 5;
  EXPECT_TRUE(rejected(config_, {"pw_a_bits_setting[7] = 5", "bit choices"}));
  config_.blocks[7].pw_a_bits = 4;
  config_.blocks[20].dw_w_bits = 2;
  EXPECT_TRUE(rejected(config_, {"dw_w_bits_setting[20] = 2"}));
}

TEST_F(ImagenetConfig, RejectsWrongLengths) {
  config_.depths.pop_back();
  EXPECT_TRUE(rejected(config_, {"d has 5 entries, expected 6"}));
  config_ = largest_config(space_);
  config_.blocks.pop_back();
  EXPECT_TRUE(rejected(config_, {"20 entries, expected 21"}));
}

TEST_F(ImagenetConfig, InactiveBlocksFollowStageDepth) {
  config_.depths = {2, 3, 4, 2, 3, 1};
  std::vector<int> active;
  for (int b = 0; b < 21; ++b)
    if (block_is_active(space_, config_, b)) active.push_back(b);
  EXPECT_EQ(active, (std::vector<int>{0, 1, 4, 5, 6, 8, 9, 10, 11, 12, 13, 16, 17, 18, 20}));
}

}  // namespace
}  // namespace apq::search
