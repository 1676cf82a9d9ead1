#include <random>

#include <gtest/gtest.h>

#include "search/space/block_slots.h"
#include "search/space/config_sampling.h"
#include "space_test_support.h"

namespace apq::search {
namespace {

using testing_support::load_preset;

// Genes in random_config's order: depths, then per block kernel, mid, four bits.
std::vector<int> genes(const SubnetConfig& config) {
  std::vector<int> all = config.depths;
  for (const BlockChoice& b : config.blocks)
    all.insert(all.end(), {b.kernel, b.mid_channels, b.pw_w_bits, b.pw_a_bits, b.dw_w_bits, b.dw_a_bits});
  return all;
}

TEST(Mutation, ProbabilityZeroKeepsOneRedrawsEveryGeneAndResultsAreValid) {
  const Space space = load_preset("apq-imagenet224");
  std::mt19937_64 rng(1);
  const SubnetConfig parent = random_config(space, rng);
  EXPECT_EQ(mutate_config(space, parent, 0.0, rng), parent);
  // With probability 1 every gene is a fresh uniform draw: over many mutants each gene changes
  // about (1 - 1/choices) of the time, and every mutant is valid.
  int changed = 0, total = 0;
  for (int i = 0; i < 100; ++i) {
    const SubnetConfig child = mutate_config(space, parent, 1.0, rng);
    EXPECT_NO_THROW(validate_config(space, child, "mutant"));
    const std::vector<int> a = genes(parent), b = genes(child);
    for (std::size_t g = 0; g < a.size(); ++g) changed += a[g] != b[g], ++total;
  }
  EXPECT_GT(changed, total / 2);
}

TEST(Mutation, ChangesAboutTheGivenShareOfGenes) {
  const Space space = load_preset("apq-imagenet224");
  std::mt19937_64 rng(2);
  int changed = 0, total = 0;
  for (int i = 0; i < 400; ++i) {
    const SubnetConfig parent = random_config(space, rng);
    const std::vector<int> a = genes(parent), b = genes(mutate_config(space, parent, 0.1, rng));
    for (std::size_t g = 0; g < a.size(); ++g) changed += a[g] != b[g], ++total;
  }
  // A re-drawn gene keeps its value with probability 1/choices (1/3 for most genes): expect
  // about 0.1 * 2/3 of the genes changed.
  const double share = static_cast<double>(changed) / total;
  EXPECT_GT(share, 0.05);
  EXPECT_LT(share, 0.09);
}

TEST(Crossover, EveryGeneComesFromAParentAndBothParentsContribute) {
  const Space space = load_preset("fmnist");
  std::mt19937_64 rng(3);
  const SubnetConfig a = smallest_config(space), b = largest_config(space);
  int from_a = 0, from_b = 0;
  for (int i = 0; i < 50; ++i) {
    const SubnetConfig child = crossover_configs(a, b, rng);
    EXPECT_NO_THROW(validate_config(space, child, "child"));
    const std::vector<int> ga = genes(a), gb = genes(b), gc = genes(child);
    for (std::size_t g = 0; g < gc.size(); ++g) {
      if (ga[g] == gb[g]) continue;
      ASSERT_TRUE(gc[g] == ga[g] || gc[g] == gb[g]);
      from_a += gc[g] == ga[g];
      from_b += gc[g] == gb[g];
    }
  }
  EXPECT_NEAR(static_cast<double>(from_a) / (from_a + from_b), 0.5, 0.05);
  EXPECT_EQ(crossover_configs(a, a, rng), a);
}

TEST(GeneMask, OperatorsChangeOnlyTheFreedGenes) {
  const Space space = load_preset("fmnist");
  const std::vector<BlockSlot> slots = block_slots(space);
  std::mt19937_64 rng(4);
  const SubnetConfig a = random_config(space, rng), b = random_config(space, rng);
  const GeneMask mid_only{false, false, true, false};
  bool mid_changed = false;
  for (int i = 0; i < 20; ++i) {
    for (const SubnetConfig& child :
         {mutate_config(space, slots, a, 1.0, rng, mid_only), crossover_configs(a, b, rng, mid_only)}) {
      EXPECT_EQ(child.depths, a.depths);
      for (std::size_t k = 0; k < a.blocks.size(); ++k) {
        BlockChoice expected = a.blocks[k];
        expected.mid_channels = child.blocks[k].mid_channels;
        EXPECT_EQ(child.blocks[k], expected);
        mid_changed |= child.blocks[k].mid_channels != a.blocks[k].mid_channels;
      }
    }
  }
  EXPECT_TRUE(mid_changed);
  // keep_fixed_genes takes exactly the genes the mask does not free from the base.
  const SubnetConfig kept = keep_fixed_genes(b, a, mid_only);
  EXPECT_EQ(kept.depths, a.depths);
  for (std::size_t k = 0; k < a.blocks.size(); ++k) {
    EXPECT_EQ(kept.blocks[k].mid_channels, b.blocks[k].mid_channels);
    EXPECT_EQ(kept.blocks[k].kernel, a.blocks[k].kernel);
    EXPECT_EQ(kept.blocks[k].dw_a_bits, a.blocks[k].dw_a_bits);
  }
  EXPECT_EQ(keep_fixed_genes(b, a, GeneMask{}), b);
  // The full mask draws as no mask does.
  std::mt19937_64 r1(7), r2(7);
  EXPECT_EQ(mutate_config(space, slots, a, 0.5, r1, GeneMask{}), mutate_config(space, a, 0.5, r2));
  EXPECT_EQ(crossover_configs(a, b, r1, GeneMask{}), crossover_configs(a, b, r2));
}

}  // namespace
}  // namespace apq::search
