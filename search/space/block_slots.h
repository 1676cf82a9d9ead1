#pragma once
#include <vector>

#include "search/space/space.h"

namespace apq::search {

// Where a searchable block sits in the network and what it may become, derived from the space.
struct BlockSlot {
  int index = 0;     // among all searchable blocks, in run order
  int stage = 0;
  int position = 0;  // within its stage; the block runs when position < the stage's depth
  int in_channels = 0;
  int out_channels = 0;
  int in_size = 0;
  int stride = 1;
  std::vector<int> mid_choices;  // ascending
};

// One slot per searchable block, in run order.
std::vector<BlockSlot> block_slots(const Space& space);

}  // namespace apq::search
