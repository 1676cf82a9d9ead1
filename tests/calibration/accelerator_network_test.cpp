// Search-space sub-networks as accelerator networks (apq sim export-net).
#include <gtest/gtest.h>

#include <random>

#include "calibration/accelerator_network.h"
#include "search/space/config_sampling.h"
#include "search/space/space_file.h"
#include "sim/accel_config.h"
#include "sim/network_file.h"
#include "sim/simulate.h"

namespace apq::calibration {
namespace {

const std::string kConfigs = APQ_CONFIG_DIR;

search::Space imagenet() { return search::load_space(kConfigs + "/spaces/apq-imagenet224.json"); }

// Every layer consumes what the one before it produces; an addition's skip operand has its shape.
void expect_chained(const sim::Network& network) {
  for (std::size_t i = 1; i < network.layers.size(); ++i) {
    const sim::NetworkLayer& before = network.layers[i - 1];
    const sim::NetworkLayer& layer = network.layers[i];
    SCOPED_TRACE(layer.name);
    EXPECT_EQ(layer.shape.cin, before.shape.cout);
    EXPECT_EQ(layer.shape.in_size, output_size(before.shape));
    if (layer.op == LayerOp::Add) {
      ASSERT_TRUE(layer.skip_source.has_value());
      const sim::NetworkLayer& skip = network.layers[*layer.skip_source];
      EXPECT_EQ(skip.shape.cout, layer.shape.cout);
      EXPECT_EQ(output_size(skip.shape), layer.shape.in_size);
      EXPECT_EQ(network.layers[*layer.skip_source + 1].name.find(".expand") != std::string::npos, true);
    }
  }
}

// The LUT's head and tail entries simulate these networks: they must be the first and last layers
// of every sub-network's network exactly, names included.
TEST(SpaceNetwork, HeadAndTailNetworksAreTheEndsOfEverySubnetwork) {
  for (const char* name : {"apq-imagenet224", "fmnist"}) {
    SCOPED_TRACE(name);
    const search::Space space = search::load_space(kConfigs + "/spaces/" + name + ".json");
    const sim::Network head = head_network(space, "part");
    const sim::Network tail = tail_network(space, "part");
    ASSERT_FALSE(head.layers.empty());
    ASSERT_FALSE(tail.layers.empty());
    for (const search::SubnetConfig& config : {search::smallest_config(space), search::largest_config(space)}) {
      const sim::Network whole = network_of(space, config, "part");
      sim::Network first = whole, last = whole;
      first.layers.assign(whole.layers.begin(), whole.layers.begin() + static_cast<std::ptrdiff_t>(head.layers.size()));
      last.layers.assign(whole.layers.end() - static_cast<std::ptrdiff_t>(tail.layers.size()), whole.layers.end());
      EXPECT_EQ(sim::network_to_json(first), sim::network_to_json(head));
      EXPECT_EQ(sim::network_to_json(last), sim::network_to_json(tail));
    }
  }
}

TEST(SpaceNetwork, LargestImagenetSubnetwork) {
  const search::Space space = imagenet();
  const sim::Network network = network_of(space, search::largest_config(space), "largest");
  expect_chained(network);
  int adds = 0;
  int pools = 0;
  int fully_connected = 0;
  for (const sim::NetworkLayer& layer : network.layers) {
    adds += layer.op == LayerOp::Add;
    pools += layer.op == LayerOp::AvgPool;
    fully_connected += layer.op == LayerOp::FullyConnected;
  }
  // Five stages of four blocks and one of one: the three later blocks of each four keep their
  // width and size.
  EXPECT_EQ(adds, 15);
  EXPECT_EQ(pools, 1);
  EXPECT_EQ(fully_connected, 1);
  EXPECT_EQ(network.layers.back().shape.cout, space.classes);
}

TEST(SpaceNetwork, RandomSubnetworksSimulateAndRoundTrip) {
  const search::Space space = imagenet();
  const sim::AccelConfig config =
      sim::load_accel_config(kConfigs + "/accel/bitfusion-eyeriss.json");
  std::mt19937_64 rng(5);
  for (int i = 0; i < 3; ++i) {
    const sim::Network network = network_of(space, search::random_config(space, rng), "random");
    expect_chained(network);
    const sim::Network again = sim::parse_network(sim::network_to_json(network), "again.json");
    ASSERT_EQ(again.layers.size(), network.layers.size());
    const sim::NetworkResult cycle = sim::simulate_network(config, again, sim::TimingMode::Cycle);
    const sim::NetworkResult reference =
        sim::simulate_network(config, again, sim::TimingMode::Reference);
    EXPECT_EQ(cycle.layers.size(), network.layers.size());
    EXPECT_GT(cycle.total.total_cycles, 0);
    EXPECT_GT(reference.total.total_cycles, 0);
  }
}

}  // namespace
}  // namespace apq::calibration
