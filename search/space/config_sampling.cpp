#include "search/space/config_sampling.h"

#include "common/random.h"
#include "search/space/block_slots.h"

namespace apq::search {
namespace {

int pick(std::mt19937_64& rng, const std::vector<int>& choices) { return choices[random_index(rng, choices.size())]; }

enum class Extreme { Smallest, Largest };

int extreme_of(const std::vector<int>& ascending, Extreme which) {
  return which == Extreme::Smallest ? ascending.front() : ascending.back();
}

SubnetConfig extreme_config(const Space& space, Extreme which) {
  SubnetConfig config;
  for (const StageSpec& stage : space.stages) config.depths.push_back(extreme_of(stage.depth_choices, which));
  for (const BlockSlot& slot : block_slots(space)) {
    BlockChoice block;
    block.kernel = extreme_of(space.kernel_choices, which);
    block.mid_channels = extreme_of(slot.mid_choices, which);
    block.pw_w_bits = extreme_of(space.bits.pw_w, which);
    block.pw_a_bits = extreme_of(space.bits.pw_a, which);
    block.dw_w_bits = extreme_of(space.bits.dw_w, which);
    block.dw_a_bits = extreme_of(space.bits.dw_a, which);
    config.blocks.push_back(block);
  }
  return config;
}

}  // namespace

SubnetConfig random_config(const Space& space, std::mt19937_64& rng) {
  return random_config(space, block_slots(space), rng);
}

SubnetConfig random_config(const Space& space, const std::vector<BlockSlot>& slots, std::mt19937_64& rng) {
  SubnetConfig config;
  config.depths.reserve(space.stages.size());
  config.blocks.reserve(slots.size());
  for (const StageSpec& stage : space.stages) config.depths.push_back(pick(rng, stage.depth_choices));
  for (const BlockSlot& slot : slots) {
    BlockChoice block;
    block.kernel = pick(rng, space.kernel_choices);
    block.mid_channels = pick(rng, slot.mid_choices);
    block.pw_w_bits = pick(rng, space.bits.pw_w);
    block.pw_a_bits = pick(rng, space.bits.pw_a);
    block.dw_w_bits = pick(rng, space.bits.dw_w);
    block.dw_a_bits = pick(rng, space.bits.dw_a);
    config.blocks.push_back(block);
  }
  return config;
}

SubnetConfig random_policy(const Space& space, SubnetConfig config, std::mt19937_64& rng) {
  for (BlockChoice& block : config.blocks) {
    block.pw_w_bits = pick(rng, space.bits.pw_w);
    block.pw_a_bits = pick(rng, space.bits.pw_a);
    block.dw_w_bits = pick(rng, space.bits.dw_w);
    block.dw_a_bits = pick(rng, space.bits.dw_a);
  }
  return config;
}

SubnetConfig mutate_config(const Space& space, const SubnetConfig& parent, double probability,
                           std::mt19937_64& rng) {
  return mutate_config(space, block_slots(space), parent, probability, rng);
}

SubnetConfig mutate_config(const Space& space, const std::vector<BlockSlot>& slots, const SubnetConfig& parent,
                           double probability, std::mt19937_64& rng, const GeneMask& mask) {
  SubnetConfig child = parent;
  const auto maybe_redraw = [&](bool free, int& gene, const std::vector<int>& choices) {
    if (free && random_chance(rng, probability)) gene = pick(rng, choices);
  };
  for (std::size_t s = 0; s < space.stages.size(); ++s)
    maybe_redraw(mask.depths, child.depths[s], space.stages[s].depth_choices);
  for (const BlockSlot& slot : slots) {
    BlockChoice& block = child.blocks[slot.index];
    maybe_redraw(mask.kernels, block.kernel, space.kernel_choices);
    maybe_redraw(mask.mid_channels, block.mid_channels, slot.mid_choices);
    maybe_redraw(mask.bits, block.pw_w_bits, space.bits.pw_w);
    maybe_redraw(mask.bits, block.pw_a_bits, space.bits.pw_a);
    maybe_redraw(mask.bits, block.dw_w_bits, space.bits.dw_w);
    maybe_redraw(mask.bits, block.dw_a_bits, space.bits.dw_a);
  }
  return child;
}

SubnetConfig crossover_configs(const SubnetConfig& a, const SubnetConfig& b, std::mt19937_64& rng,
                               const GeneMask& mask) {
  SubnetConfig child = a;
  const auto either = [&](bool free, int& gene, int other) {
    if (free && random_index(rng, 2) == 1) gene = other;
  };
  for (std::size_t s = 0; s < child.depths.size(); ++s) either(mask.depths, child.depths[s], b.depths[s]);
  for (std::size_t i = 0; i < child.blocks.size(); ++i) {
    BlockChoice& block = child.blocks[i];
    const BlockChoice& other = b.blocks[i];
    either(mask.kernels, block.kernel, other.kernel);
    either(mask.mid_channels, block.mid_channels, other.mid_channels);
    either(mask.bits, block.pw_w_bits, other.pw_w_bits);
    either(mask.bits, block.pw_a_bits, other.pw_a_bits);
    either(mask.bits, block.dw_w_bits, other.dw_w_bits);
    either(mask.bits, block.dw_a_bits, other.dw_a_bits);
  }
  return child;
}

SubnetConfig keep_fixed_genes(SubnetConfig config, const SubnetConfig& base, const GeneMask& mask) {
  if (mask.all()) return config;
  if (!mask.depths) config.depths = base.depths;
  for (std::size_t i = 0; i < config.blocks.size(); ++i) {
    BlockChoice& block = config.blocks[i];
    const BlockChoice& fixed = base.blocks[i];
    if (!mask.kernels) block.kernel = fixed.kernel;
    if (!mask.mid_channels) block.mid_channels = fixed.mid_channels;
    if (!mask.bits) {
      block.pw_w_bits = fixed.pw_w_bits;
      block.pw_a_bits = fixed.pw_a_bits;
      block.dw_w_bits = fixed.dw_w_bits;
      block.dw_a_bits = fixed.dw_a_bits;
    }
  }
  return config;
}

SubnetConfig smallest_config(const Space& space) { return extreme_config(space, Extreme::Smallest); }

SubnetConfig largest_config(const Space& space) { return extreme_config(space, Extreme::Largest); }

}  // namespace apq::search
