// Full-network simulation: layers back to back through one accelerator.
#include <gtest/gtest.h>

#include "sim/network.h"
#include "sim/reference/reference_model.h"
#include "sim/simulate.h"
#include "tests/sim/sim_test_support.h"

namespace apq::sim {
namespace {

using testing::conv;
using testing::preset;

NetworkLayer array_layer(const std::string& name, const LayerShape& shape) {
  NetworkLayer layer;
  layer.name = name;
  layer.shape = shape;
  return layer;
}

// An inverted-residual block with its skip connection: expand, depthwise, project, add.
Network residual_block(int channels, int mid, int size, int bits) {
  Network network;
  network.name = "block";
  network.layers.push_back(array_layer("input", conv(channels, channels, size, 1, 1, 1, bits, bits)));
  network.layers.push_back(array_layer("expand", conv(channels, mid, size, 1, 1, 1, bits, bits)));
  network.layers.push_back(array_layer("depthwise", conv(mid, mid, size, 3, 1, mid, bits, bits)));
  network.layers.push_back(array_layer("project", conv(mid, channels, size, 1, 1, 1, bits, bits)));
  NetworkLayer add;
  add.name = "add";
  add.op = LayerOp::Add;
  add.shape = conv(channels, channels, size, 1, 1, 1, bits, bits);
  add.skip_source = 0;
  network.layers.push_back(add);
  return network;
}

TEST(Network, OneLayerNetworkIsTheLayer) {
  const AccelConfig config = preset("bitfusion-eyeriss");
  const LayerShape layer = conv(32, 64, 28, 3, 2);
  const NetworkResult network =
      simulate_network(config, single_layer_network(layer), TimingMode::Cycle);
  const LayerResult alone = simulate_layer(config, layer, TimingMode::Cycle);
  ASSERT_EQ(network.layers.size(), 1u);
  EXPECT_EQ(network.total.total_cycles, alone.cost.total_cycles);
  EXPECT_EQ(network.total.dram_read_bits, alone.cost.dram_read_bits);
  EXPECT_EQ(network.total.energy_mj, alone.cost.energy_mj);
}

TEST(Network, OutputThatFitsStaysOnChip) {
  // 32 x 14 x 14 outputs at 8 bits are 50 Kbit, within half the Eyeriss IBUF (128 Kbit).
  const AccelConfig config = preset("bitfusion-eyeriss");
  Network network;
  network.layers.push_back(array_layer("a", conv(64, 32, 14, 1, 1)));
  network.layers.push_back(array_layer("b", conv(32, 64, 14, 1, 1)));
  const NetworkResult result = simulate_network(config, network, TimingMode::Cycle);
  EXPECT_TRUE(result.layers[0].output_on_chip);
  EXPECT_TRUE(result.layers[1].input_on_chip);
  EXPECT_EQ(result.layers[0].cost.dram_write_bits, 0);
  EXPECT_EQ(result.layers[1].cost.dram_read_bits, 32 * 64 * 8);  // its weights only
  EXPECT_EQ(result.layers[1].cost.dram_write_bits, 64 * 14 * 14 * 8);

  // 32 x 56 x 56 outputs do not fit: they go through DRAM.
  Network large;
  large.layers.push_back(array_layer("a", conv(64, 32, 56, 1, 1)));
  large.layers.push_back(array_layer("b", conv(32, 64, 56, 1, 1)));
  const NetworkResult through_dram = simulate_network(config, large, TimingMode::Cycle);
  EXPECT_FALSE(through_dram.layers[0].output_on_chip);
  EXPECT_EQ(through_dram.layers[0].cost.dram_write_bits, 32 * 56 * 56 * 8);
}

TEST(Network, BackToBackIsFasterThanTheLayersAlone) {
  const AccelConfig config = preset("bitfusion-eyeriss");
  // At 14x14 the block's input and its projection's output stay on chip.
  const Network network = residual_block(24, 144, 14, 8);
  const NetworkResult together = simulate_network(config, network, TimingMode::Cycle);
  std::int64_t alone_cycles = 0;
  std::int64_t alone_dram = 0;
  for (NetworkLayer layer : network.layers) {
    layer.skip_source.reset();
    const NetworkResult one = simulate_network(config, Network{layer.name, {layer}}, TimingMode::Cycle);
    alone_cycles += one.total.total_cycles;
    alone_dram += one.total.dram_read_bits + one.total.dram_write_bits;
  }
  EXPECT_LT(together.total.total_cycles, alone_cycles);
  EXPECT_LT(together.total.dram_read_bits + together.total.dram_write_bits, alone_dram);
  // The layers' shares add up to the whole.
  std::int64_t sum = 0;
  for (const LayerResult& layer : together.layers) sum += layer.cost.total_cycles;
  EXPECT_EQ(sum, together.total.total_cycles);
}

TEST(Network, SkipSourceIsKeptInDram) {
  const AccelConfig config = preset("bitfusion-eyeriss");
  const NetworkResult result =
      simulate_network(config, residual_block(24, 144, 14, 8), TimingMode::Cycle);
  const std::int64_t block_bits = 24 * 14 * 14 * 8;
  // The block input fits on chip for the expand layer and is also written for the addition.
  EXPECT_TRUE(result.layers[0].output_on_chip);
  EXPECT_EQ(result.layers[0].cost.dram_write_bits, block_bits);
  // The addition reads only the skip operand; the projection's output is on chip.
  EXPECT_TRUE(result.layers[4].input_on_chip);
  EXPECT_EQ(result.layers[4].cost.dram_read_bits, block_bits);
  EXPECT_EQ(result.layers[4].cost.dram_write_bits, block_bits);
  EXPECT_EQ(result.layers[4].cost.compute_cycles, 24 * 14 * 14 / 32 + (24 * 14 * 14 % 32 ? 1 : 0));
}

TEST(Network, VectorUnitLayerCost) {
  // An addition of two 8 x 4 x 4 tensors on the 4x8 test array: both operands (2 x 1024 bits)
  // load in one transfer (50 + 32 cycles), 128 additions take 16 cycles on 8 lanes, and the
  // result (1024 bits) streams out in 16 cycles.
  const AccelConfig config = preset("bitfusion-4x8-test");
  Network network;
  NetworkLayer add;
  add.name = "add";
  add.op = LayerOp::Add;
  add.shape = conv(8, 8, 4, 1, 1);
  network.layers.push_back(add);
  const NetworkResult result = simulate_network(config, network, TimingMode::Cycle);
  EXPECT_EQ(result.total.total_cycles, 50 + 32 + 16 + 16);
  EXPECT_EQ(result.total.compute_cycles, 16);
  EXPECT_EQ(result.layers[0].cost.energy_breakdown_mj.core_dynamic, 0.0);

  NetworkLayer pool;
  pool.name = "pool";
  pool.op = LayerOp::AvgPool;
  pool.shape = conv(64, 64, 7, 7, 7, 64);
  pool.shape.padding = 0;
  const NetworkResult pooled =
      simulate_network(preset("bitfusion-eyeriss"), Network{"pool", {pool}}, TimingMode::Reference);
  EXPECT_EQ(pooled.total.compute_cycles, 64 * 49 / 32);
  EXPECT_EQ(pooled.total.dram_read_bits, 64 * 49 * 8);
  EXPECT_EQ(pooled.total.dram_write_bits, 64 * 8);
}

TEST(Network, ReferenceModeSumsTheReferenceCosts) {
  const AccelConfig config = preset("bitfusion-eyeriss");
  Network network;
  network.layers.push_back(array_layer("stem", conv(3, 32, 224, 3, 2)));
  network.layers.push_back(array_layer("dw", conv(32, 32, 112, 3, 1, 32)));
  const NetworkResult result = simulate_network(config, network, TimingMode::Reference);
  const LayerCost stem = reference_cost(config, network.layers[0].shape, true);
  const LayerCost dw = reference_cost(config, network.layers[1].shape, false);
  EXPECT_EQ(result.total.total_cycles, stem.total_cycles + dw.total_cycles);
  EXPECT_DOUBLE_EQ(result.total.energy_mj, stem.energy_mj + dw.energy_mj);
}

}  // namespace
}  // namespace apq::sim
