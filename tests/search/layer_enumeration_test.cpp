#include <cstdio>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "search/space/config_sampling.h"
#include "search/space/layer_enumeration.h"
#include "layer/lut_key.h"
#include "search/space/network_layers.h"
#include "space_test_support.h"

namespace apq::search {
namespace {

using testing_support::load_preset;

// The geometry of the searchable blocks restated by the test, stage by stage, so the expected
// LUT rows come from brute force over per-block choices rather than from the library.
struct StageGeometry {
  int cin, cout, in_size, stride, blocks;
};

std::string key(int cin, int cout, int in, int k, int s, int p, int g, int w, int a) {
  char text[128];
  std::snprintf(text, sizeof text, "(%d, %d, %d, %d, %d, %d, %d)-W%dA%d", cin, cout, in, k, s, p, g, w, a);
  return text;
}

// Mid channels run from min_expand * cin to max_expand * cin in steps of 8.
std::set<std::string> brute_force_rows(const std::vector<StageGeometry>& stages, const std::vector<int>& kernels,
                                       const BitChoices& bits, int min_expand, int max_expand) {
  std::set<std::string> rows;
  for (const StageGeometry& stage : stages)
    for (int b = 0; b < stage.blocks; ++b) {
      const int cin = b == 0 ? stage.cin : stage.cout;
      const int stride = b == 0 ? stage.stride : 1;
      const int in = b == 0 ? stage.in_size : (stage.in_size + stage.stride - 1) / stage.stride;
      const int out_size = (in + stride - 1) / stride;
      for (int k : kernels)
        for (int mid = min_expand * cin; mid <= max_expand * cin; mid += 8) {
          for (int w : bits.pw_w)
            for (int a : bits.pw_a) {
              rows.insert(key(cin, mid, in, 1, 1, 0, 1, w, a));
              rows.insert(key(mid, stage.cout, out_size, 1, 1, 0, 1, w, a));
            }
          for (int w : bits.dw_w)
            for (int a : bits.dw_a) rows.insert(key(mid, mid, in, k, stride, k / 2, mid, w, a));
        }
    }
  return rows;
}

std::set<std::string> library_rows(const Space& space) {
  std::set<std::string> rows;
  for (const SpaceLayer& layer : distinct_block_layers(space)) rows.insert(lut_key(layer.shape));
  return rows;
}

// APQ's ImageNet LUT rows (build_table in utils/latency_predictor.py of mit-han-lab/apq), every bit pair.
TEST(LayerEnumeration, ImagenetMatchesApqTable) {
  const std::vector<StageGeometry> apq{{16, 24, 112, 2, 4}, {24, 40, 56, 2, 4},  {40, 80, 28, 2, 4},
                                       {80, 96, 14, 1, 4},  {96, 192, 14, 2, 4}, {192, 320, 7, 1, 1}};
  const std::set<std::string> expected = brute_force_rows(apq, {3, 5, 7}, {{4, 6, 8}, {4, 6, 8}, {4, 6, 8}, {4, 6, 8}}, 4, 6);
  const Space space = load_preset("apq-imagenet224");
  const std::vector<SpaceLayer> layers = distinct_block_layers(space);
  EXPECT_EQ(layers.size(), expected.size());
  EXPECT_EQ(library_rows(space), expected);
  EXPECT_EQ(expected.size(), 7011u);  // 779 distinct shapes x 9 (w, a) pairs
}

TEST(LayerEnumeration, FmnistMatchesBruteForceOverItsFile) {
  const Space space = load_preset("fmnist");
  int size = space.input_size;
  for (const FixedLayerSpec& head : space.head)
    size = (size + 2 * head.padding - head.kernel) / head.stride + 1;
  std::vector<StageGeometry> stages;
  for (const StageSpec& stage : space.stages) {
    stages.push_back({stage.in_channels, stage.out_channels, size, stage.first_stride, stage.max_blocks});
    size = (size + stage.first_stride - 1) / stage.first_stride;
  }
  ASSERT_EQ(space.mid_channels.rule, MidChannelRule::ExpandRange);
  ASSERT_EQ(space.mid_channels.step, 8);
  const std::set<std::string> expected = brute_force_rows(stages, space.kernel_choices, space.bits,
                                                          space.mid_channels.min_expand, space.mid_channels.max_expand);
  EXPECT_EQ(distinct_block_layers(space).size(), expected.size());
  EXPECT_EQ(library_rows(space), expected);
}

TEST(LayerEnumeration, OrderIsDeterministicWithoutDuplicates) {
  const Space space = load_preset("apq-imagenet224");
  const std::vector<SpaceLayer> first = distinct_block_layers(space);
  EXPECT_EQ(first, distinct_block_layers(space));
  EXPECT_EQ(library_rows(space).size(), first.size());
  EXPECT_EQ(lut_key(first.front().shape), "(16, 64, 112, 1, 1, 0, 1)-W4A4");
  EXPECT_EQ(first.front().role, LayerRole::Expand);
}

TEST(LayerEnumeration, CoversEveryLayerOfEverySubnet) {
  for (const char* preset : {"apq-imagenet224", "fmnist"}) {
    const Space space = load_preset(preset);
    const std::set<std::string> rows = library_rows(space);
    std::mt19937_64 rng(9);
    for (int i = 0; i < 100; ++i)
      for (const BlockLayers& block : layers_of(space, random_config(space, rng)).blocks)
        for (const SpaceLayer& layer : block.layers) ASSERT_TRUE(rows.count(lut_key(layer.shape))) << lut_key(layer.shape);
  }
}

}  // namespace
}  // namespace apq::search
