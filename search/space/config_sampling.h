#pragma once
#include <random>

#include "search/space/space.h"
#include "search/space/subnet_config.h"

namespace apq::search {

// Every choice drawn uniformly: first each stage's depth, then for each block in order its
// kernel, mid channels, pw_w, pw_a, dw_w, dw_a bits. The same seed gives the same configs on
// every platform (see random_index.h); changing this order changes them.
SubnetConfig random_config(const Space& space, std::mt19937_64& rng);

// `config` with every block's four bit-widths drawn anew (pw_w, pw_a, dw_w, dw_a per block in
// order): a random quantization policy for a fixed architecture.
SubnetConfig random_policy(const Space& space, SubnetConfig config, std::mt19937_64& rng);

// Every choice at its smallest / largest.
SubnetConfig smallest_config(const Space& space);
SubnetConfig largest_config(const Space& space);

}  // namespace apq::search
