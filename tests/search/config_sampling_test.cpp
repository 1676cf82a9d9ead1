#include <set>

#include <gtest/gtest.h>

#include "search/space/block_slots.h"
#include "search/space/config_sampling.h"
#include "space_test_support.h"

namespace apq::search {
namespace {

using testing_support::load_preset;

const char* const kPresets[] = {"apq-imagenet224", "fmnist"};

TEST(ConfigSampling, RandomPolicyRedrawsOnlyTheBitsAndCoversTheirChoices) {
  const Space space = load_preset("apq-imagenet224");
  std::mt19937_64 rng(5);
  const SubnetConfig arch = random_config(space, rng);
  std::set<int> pw_w_seen;
  for (int draw = 0; draw < 20; ++draw) {
    const SubnetConfig config = random_policy(space, arch, rng);
    EXPECT_NO_THROW(validate_config(space, config, "random policy"));
    EXPECT_EQ(config.depths, arch.depths);
    for (std::size_t b = 0; b < config.blocks.size(); ++b) {
      EXPECT_EQ(config.blocks[b].kernel, arch.blocks[b].kernel);
      EXPECT_EQ(config.blocks[b].mid_channels, arch.blocks[b].mid_channels);
      pw_w_seen.insert(config.blocks[b].pw_w_bits);
    }
  }
  EXPECT_EQ(pw_w_seen, std::set<int>(space.bits.pw_w.begin(), space.bits.pw_w.end()));
}

TEST(ConfigSampling, SmallestAndLargestAreValidExtremes) {
  for (const char* preset : kPresets) {
    const Space space = load_preset(preset);
    const SubnetConfig small = smallest_config(space);
    const SubnetConfig large = largest_config(space);
    EXPECT_NO_THROW(validate_config(space, small, preset));
    EXPECT_NO_THROW(validate_config(space, large, preset));
    for (std::size_t s = 0; s < space.stages.size(); ++s) {
      EXPECT_EQ(small.depths[s], space.stages[s].depth_choices.front());
      EXPECT_EQ(large.depths[s], space.stages[s].depth_choices.back());
    }
    for (const BlockSlot& slot : block_slots(space)) {
      const BlockChoice& lo = small.blocks[slot.index];
      const BlockChoice& hi = large.blocks[slot.index];
      EXPECT_EQ(lo.kernel, space.kernel_choices.front());
      EXPECT_EQ(hi.kernel, space.kernel_choices.back());
      EXPECT_EQ(lo.mid_channels, slot.mid_choices.front());
      EXPECT_EQ(hi.mid_channels, slot.mid_choices.back());
      EXPECT_EQ(lo.dw_a_bits, space.bits.dw_a.front());
      EXPECT_EQ(hi.pw_w_bits, space.bits.pw_w.back());
    }
  }
}

TEST(ConfigSampling, RandomConfigsAreValid) {
  for (const char* preset : kPresets) {
    const Space space = load_preset(preset);
    std::mt19937_64 rng(1);
    for (int i = 0; i < 200; ++i) EXPECT_NO_THROW(validate_config(space, random_config(space, rng), preset));
  }
}

TEST(ConfigSampling, SameSeedSameConfigsOtherSeedOtherConfigs) {
  const Space space = load_preset("apq-imagenet224");
  std::mt19937_64 a(42), b(42), c(43);
  bool any_differs = false;
  for (int i = 0; i < 10; ++i) {
    const SubnetConfig from_a = random_config(space, a);
    EXPECT_EQ(from_a, random_config(space, b)) << "sample " << i;
    any_differs = any_differs || from_a != random_config(space, c);
  }
  EXPECT_TRUE(any_differs);
}

TEST(ConfigSampling, RandomConfigsReachEveryChoice) {
  const Space space = load_preset("apq-imagenet224");
  const std::vector<BlockSlot> slots = block_slots(space);
  std::mt19937_64 rng(3);
  std::set<int> depths, kernels, mids, dw_a;
  for (int i = 0; i < 500; ++i) {
    const SubnetConfig config = random_config(space, rng);
    depths.insert(config.depths[0]);
    kernels.insert(config.blocks[5].kernel);
    mids.insert(config.blocks[20].mid_channels);
    dw_a.insert(config.blocks[11].dw_a_bits);
  }
  EXPECT_EQ(depths, (std::set<int>{2, 3, 4}));
  EXPECT_EQ(kernels, (std::set<int>{3, 5, 7}));
  EXPECT_EQ(mids.size(), slots[20].mid_choices.size());
  EXPECT_EQ(dw_a, (std::set<int>{4, 6, 8}));
}

}  // namespace
}  // namespace apq::search
