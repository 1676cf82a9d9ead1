#include <gtest/gtest.h>

#include "search/space/config_sampling.h"
#include "layer/lut_key.h"
#include "search/space/network_layers.h"
#include "space_test_support.h"

namespace apq::search {
namespace {

using testing_support::load_preset;

std::vector<std::string> keys_of(const std::vector<SpaceLayer>& layers) {
  std::vector<std::string> keys;
  for (const SpaceLayer& layer : layers) keys.push_back(lut_key(layer.shape));
  return keys;
}

TEST(NetworkLayers, ImagenetHeadAndTail) {
  const Space space = load_preset("apq-imagenet224");
  EXPECT_EQ(keys_of(head_layers(space)), (std::vector<std::string>{"(3, 32, 224, 3, 2, 1, 1)-W8A8",
                                                                   "(32, 32, 112, 3, 1, 1, 32)-W8A8",
                                                                   "(32, 16, 112, 1, 1, 0, 1)-W8A8"}));
  const std::vector<SpaceLayer> tail = tail_layers(space);
  EXPECT_EQ(keys_of(tail), (std::vector<std::string>{"(320, 1280, 7, 1, 1, 0, 1)-W8A8",
                                                     "(1280, 1280, 7, 7, 1, 0, 1280)-W8A8",
                                                     "(1280, 1000, 1, 1, 1, 0, 1)-W8A8"}));
  EXPECT_EQ(tail[1].op, LayerOp::AvgPool);
  EXPECT_EQ(tail[2].op, LayerOp::FullyConnected);
}

// The first block of the largest network, as keyed in APQ's published table.
TEST(NetworkLayers, ImagenetLargestFirstBlockMatchesApqKeys) {
  const Space space = load_preset("apq-imagenet224");
  const NetworkLayers network = layers_of(space, largest_config(space));
  ASSERT_EQ(network.blocks.size(), 21u);
  EXPECT_EQ(keys_of({network.blocks[0].layers.begin(), network.blocks[0].layers.end()}),
            (std::vector<std::string>{"(16, 96, 112, 1, 1, 0, 1)-W8A8", "(96, 96, 112, 7, 2, 3, 96)-W8A8",
                                      "(96, 24, 56, 1, 1, 0, 1)-W8A8"}));
  EXPECT_EQ(network.blocks[20].layers[2].shape.cout, 320);
  EXPECT_EQ(network.blocks[20].layers[0].shape.in_size, 7);
}

TEST(NetworkLayers, PointwiseBitsOnBothOneByOnesDepthwiseBitsOnDepthwise) {
  const Space space = load_preset("apq-imagenet224");
  SubnetConfig config = largest_config(space);
  BlockChoice& block = config.blocks[5];
  block.pw_w_bits = 4;
  block.pw_a_bits = 6;
  block.dw_w_bits = 8;
  block.dw_a_bits = 4;
  const NetworkLayers network = layers_of(space, config);
  const std::array<SpaceLayer, 3>& layers = network.blocks[5].layers;
  EXPECT_EQ(layers[0].role, LayerRole::Expand);
  EXPECT_EQ(layers[1].role, LayerRole::Depthwise);
  EXPECT_EQ(layers[2].role, LayerRole::Project);
  EXPECT_EQ(std::make_pair(layers[0].shape.wbits, layers[0].shape.abits), std::make_pair(4, 6));
  EXPECT_EQ(std::make_pair(layers[1].shape.wbits, layers[1].shape.abits), std::make_pair(8, 4));
  EXPECT_EQ(std::make_pair(layers[2].shape.wbits, layers[2].shape.abits), std::make_pair(4, 6));
}

TEST(NetworkLayers, OnlyBlocksWithinStageDepthRun) {
  const Space space = load_preset("apq-imagenet224");
  SubnetConfig config = smallest_config(space);
  config.depths = {2, 3, 4, 2, 3, 1};
  const NetworkLayers network = layers_of(space, config);
  std::vector<int> blocks;
  for (const BlockLayers& block : network.blocks) blocks.push_back(block.block);
  EXPECT_EQ(blocks, (std::vector<int>{0, 1, 4, 5, 6, 8, 9, 10, 11, 12, 13, 16, 17, 18, 20}));
  EXPECT_EQ(flatten(network).size(), 3 + 3 * blocks.size() + 3);
}

// Every layer takes the channels and size its predecessor produces, from the image to the classes.
TEST(NetworkLayers, LayersChainFromInputToClasses) {
  for (const char* preset : {"apq-imagenet224", "fmnist"}) {
    const Space space = load_preset(preset);
    std::mt19937_64 rng(11);
    for (int i = 0; i < 50; ++i) {
      const std::vector<SpaceLayer> layers = flatten(layers_of(space, random_config(space, rng)));
      int channels = space.input_channels;
      int size = space.input_size;
      for (std::size_t l = 0; l < layers.size(); ++l) {
        ASSERT_EQ(layers[l].shape.cin, channels) << preset << " layer " << l;
        ASSERT_EQ(layers[l].shape.in_size, size) << preset << " layer " << l;
        ASSERT_EQ(layers[l].shape.cin % layers[l].shape.groups, 0);
        channels = layers[l].shape.cout;
        size = output_size(layers[l].shape);
      }
      EXPECT_EQ(channels, space.classes);
      EXPECT_EQ(size, 1);
    }
  }
}

}  // namespace
}  // namespace apq::search
