#pragma once
#include <random>

#include "search/space/block_slots.h"
#include "search/space/space.h"
#include "search/space/subnet_config.h"

namespace apq::search {

// Every choice drawn uniformly: first each stage's depth, then for each block in order its
// kernel, mid channels, pw_w, pw_a, dw_w, dw_a bits. The same seed gives the same configs on
// every platform (see common/random.h); changing this order changes them.
SubnetConfig random_config(const Space& space, std::mt19937_64& rng);
// The same with the space's block_slots computed once by the caller (a search draws many).
SubnetConfig random_config(const Space& space, const std::vector<BlockSlot>& slots, std::mt19937_64& rng);

// `config` with every block's four bit-widths drawn anew (pw_w, pw_a, dw_w, dw_a per block in
// order): a random quantization policy for a fixed architecture.
SubnetConfig random_policy(const Space& space, SubnetConfig config, std::mt19937_64& rng);

// Every choice at its smallest / largest.
SubnetConfig smallest_config(const Space& space);
SubnetConfig largest_config(const Space& space);

// Which kinds of gene an evolution may change; the others stay as in a base config. A search
// that fixes some genes (the sequential baseline: architecture, then channels, then bits) reuses
// the one evolution with a mask instead of a search of its own.
struct GeneMask {
  bool depths = true;
  bool kernels = true;
  bool mid_channels = true;
  bool bits = true;  // all four bit-widths of a block

  bool all() const { return depths && kernels && mid_channels && bits; }
};

// `config` with every gene the mask does not free taken from `base` (same space).
SubnetConfig keep_fixed_genes(SubnetConfig config, const SubnetConfig& base, const GeneMask& mask);

// The evolution's operators (search/evolution). Each gene, that is each stage's depth and each
// block's kernel, mid channels and four bit-widths, is re-drawn uniformly from its choices with
// probability `probability` (so it may come back unchanged), in the order of random_config.
// A gene the mask does not free is left as it is and draws no random number, so that the full
// mask gives the same children as no mask.
SubnetConfig mutate_config(const Space& space, const SubnetConfig& parent, double probability, std::mt19937_64& rng);
SubnetConfig mutate_config(const Space& space, const std::vector<BlockSlot>& slots, const SubnetConfig& parent,
                           double probability, std::mt19937_64& rng, const GeneMask& mask = {});

// Each gene taken from either parent with equal chance, in the order of random_config; a gene
// the mask does not free comes from `a` without a draw.
SubnetConfig crossover_configs(const SubnetConfig& a, const SubnetConfig& b, std::mt19937_64& rng,
                               const GeneMask& mask = {});

}  // namespace apq::search
