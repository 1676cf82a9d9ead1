#include <random>

#include <gtest/gtest.h>

#include "search/encoding/encoding.h"
#include "search/space/block_slots.h"
#include "search/space/config_sampling.h"
#include "space_test_support.h"

namespace apq::search {
namespace {

using testing_support::load_preset;
using testing_support::throws_input_error;

const char* const kPresets[] = {"apq-imagenet224", "fmnist"};

// Running blocks and depths must survive; skipped blocks carry nothing.
void expect_same_network(const Space& space, const SubnetConfig& a, const SubnetConfig& b) {
  EXPECT_EQ(a.depths, b.depths);
  for (const BlockSlot& slot : block_slots(space)) {
    if (!block_is_active(space, a, slot.index)) continue;
    EXPECT_EQ(a.blocks[slot.index], b.blocks[slot.index]) << slot.index;
  }
}

TEST(Encoding, LengthFollowsTheSpace) {
  for (const char* preset : kPresets) {
    const Space space = load_preset(preset);
    const EncodingLayout layout = encoding_layout(space);
    int arch = 0;
    for (const BlockSlot& slot : block_slots(space))
      arch += static_cast<int>(space.kernel_choices.size() + slot.mid_choices.size());
    const int quant = searchable_block_count(space) * static_cast<int>(space.bits.pw_w.size() + space.bits.pw_a.size() +
                                                                       space.bits.dw_w.size() + space.bits.dw_a.size());
    EXPECT_EQ(layout.arch_length, arch) << preset;
    EXPECT_EQ(layout.quant_length, quant) << preset;
  }
  // A space with fewer bit choices and kernels encodes in fewer inputs.
  Space narrow = load_preset("fmnist");
  const EncodingLayout wide = encoding_layout(narrow);
  narrow.kernel_choices = {3, 5};
  narrow.bits.dw_a = {8};
  const EncodingLayout shrunk = encoding_layout(narrow);
  EXPECT_EQ(shrunk.arch_length, wide.arch_length - searchable_block_count(narrow));
  EXPECT_EQ(shrunk.quant_length, wide.quant_length - 2 * searchable_block_count(narrow));
}

TEST(Encoding, HotPositionsOfTheLargestNetwork) {
  const Space space = load_preset("fmnist");
  const EncodingLayout layout = encoding_layout(space);
  const SubnetConfig large = largest_config(space);
  const std::vector<float> x = encode(space, layout, large);
  const std::vector<BlockSlot> slots = block_slots(space);
  float ones = 0;
  for (float v : x) ones += v;
  EXPECT_EQ(ones, 6.0f * slots.size());
  // Largest choices are the last of each group; the groups follow one another block by block.
  const BlockEncoding& first = layout.blocks[0];
  EXPECT_EQ(first.kernel, 0);
  EXPECT_EQ(x[first.kernel + space.kernel_choices.size() - 1], 1.0f);
  EXPECT_EQ(first.mid, static_cast<int>(space.kernel_choices.size()));
  EXPECT_EQ(x[first.mid + slots[0].mid_choices.size() - 1], 1.0f);
  EXPECT_EQ(layout.blocks[1].kernel, first.mid + static_cast<int>(slots[0].mid_choices.size()));
  EXPECT_EQ(first.pw_w, layout.arch_length);
  EXPECT_EQ(x[first.dw_a + space.bits.dw_a.size() - 1], 1.0f);
}

TEST(Encoding, SkippedBlocksAreAllZeros) {
  const Space space = load_preset("fmnist");
  const EncodingLayout layout = encoding_layout(space);
  SubnetConfig config = largest_config(space);
  config.depths[1] = 1;  // stage 1 keeps its first block of four
  const std::vector<float> x = encode(space, layout, config);
  for (const BlockSlot& slot : block_slots(space)) {
    if (slot.stage != 1) continue;
    const BlockEncoding& at = layout.blocks[slot.index];
    float arch = 0, quant = 0;
    for (int i = at.kernel; i < at.mid + static_cast<int>(slot.mid_choices.size()); ++i) arch += x[i];
    for (int i = at.pw_w; i < at.dw_a + static_cast<int>(space.bits.dw_a.size()); ++i) quant += x[i];
    EXPECT_EQ(arch, slot.position == 0 ? 2.0f : 0.0f) << slot.index;
    EXPECT_EQ(quant, slot.position == 0 ? 4.0f : 0.0f) << slot.index;
  }
}

TEST(Encoding, RoundTripsForRandomConfigs) {
  for (const char* preset : kPresets) {
    const Space space = load_preset(preset);
    const EncodingLayout layout = encoding_layout(space);
    std::mt19937_64 rng(11);
    for (int i = 0; i < 200; ++i) {
      const SubnetConfig config = random_config(space, rng);
      const std::vector<float> x = encode(space, layout, config);
      const SubnetConfig back = decode(space, layout, x, "encoding");
      EXPECT_NO_THROW(validate_config(space, back, preset));
      expect_same_network(space, config, back);
      EXPECT_EQ(encode(space, layout, back), x);
      std::vector<std::int32_t> hot;
      for (std::size_t j = 0; j < x.size(); ++j)
        if (x[j] == 1.0f) hot.push_back(static_cast<std::int32_t>(j));
      EXPECT_EQ(hot_indices(space, layout, config), hot);
    }
  }
}

TEST(Encoding, DistinctNetworksEncodeDistinctly) {
  const Space space = load_preset("fmnist");
  const EncodingLayout layout = encoding_layout(space);
  const SubnetConfig base = largest_config(space);
  SubnetConfig bits = base;
  bits.blocks[7].dw_w_bits = space.bits.dw_w.front();
  SubnetConfig skipped_only = base;
  skipped_only.depths[0] = space.stages[0].depth_choices.front();
  SubnetConfig skipped_changed = skipped_only;
  skipped_changed.blocks[3].kernel = space.kernel_choices.front();  // block 3 does not run
  EXPECT_NE(encode(space, layout, base), encode(space, layout, bits));
  EXPECT_NE(encode(space, layout, base), encode(space, layout, skipped_only));
  EXPECT_EQ(encode(space, layout, skipped_only), encode(space, layout, skipped_changed));
}

TEST(Encoding, DecodeRejectsWhatNoConfigEncodes) {
  const Space space = load_preset("fmnist");
  const EncodingLayout layout = encoding_layout(space);
  const std::vector<float> good = encode(space, layout, largest_config(space));
  std::vector<float> two_kernels = good;
  two_kernels[layout.blocks[2].kernel] = 1.0f;
  EXPECT_TRUE(throws_input_error([&] { decode(space, layout, two_kernels, "x"); }, {"x: block 2 kernel", "not one-hot"}));
  std::vector<float> half = good;
  half[layout.blocks[2].dw_a + space.bits.dw_a.size() - 1] = 0.0f;
  EXPECT_TRUE(throws_input_error([&] { decode(space, layout, half, "x"); }, {"block 2 dw_a bits", "all zeros"}));
  std::vector<float> gap = encode(space, layout, largest_config(space));
  for (int i = layout.blocks[1].kernel; i < layout.blocks[2].kernel; ++i) gap[i] = 0.0f;
  for (int i = layout.blocks[1].pw_w; i < layout.blocks[2].pw_w; ++i) gap[i] = 0.0f;
  EXPECT_TRUE(throws_input_error([&] { decode(space, layout, gap, "x"); }, {"block 2 runs after a skipped block"}));
  EXPECT_TRUE(throws_input_error([&] { decode(space, layout, std::vector<float>(3, 0.0f), "x"); },
                                 {"3 inputs", std::to_string(layout.length())}));
}

}  // namespace
}  // namespace apq::search
