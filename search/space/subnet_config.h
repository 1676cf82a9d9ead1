#pragma once
#include <string>
#include <vector>

#include "search/space/space.h"

namespace apq::search {

// The choices for one searchable block. Pointwise bits apply to both 1x1 convs of the block,
// depthwise bits to its depthwise conv; activation bits are those of each conv's input.
struct BlockChoice {
  int kernel = 0;
  int mid_channels = 0;
  int pw_w_bits = 0;
  int pw_a_bits = 0;
  int dw_w_bits = 0;
  int dw_a_bits = 0;

  bool operator==(const BlockChoice& other) const;
  bool operator!=(const BlockChoice& other) const { return !(*this == other); }
};

// A sub-network: a depth per stage and a choice per searchable block. Like APQ's spec it holds
// a choice for every block, also those beyond their stage's depth, which do not run.
struct SubnetConfig {
  std::vector<int> depths;
  std::vector<BlockChoice> blocks;

  bool operator==(const SubnetConfig& other) const;
  bool operator!=(const SubnetConfig& other) const { return !(*this == other); }
};

// Throws apq::InputError naming `source`, the APQ spec field, the index and the value when the
// config does not fit the space.
void validate_config(const Space& space, const SubnetConfig& config, const std::string& source);

// Whether searchable block `block` runs under `config`.
bool block_is_active(const Space& space, const SubnetConfig& config, int block);

}  // namespace apq::search
