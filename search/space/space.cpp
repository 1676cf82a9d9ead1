#include "search/space/space.h"

namespace apq::search {

int searchable_block_count(const Space& space) {
  int count = 0;
  for (const StageSpec& stage : space.stages) count += stage.max_blocks;
  return count;
}

int conv_output_size(int in_size, int kernel, int stride, int padding) {
  return (in_size + 2 * padding - kernel) / stride + 1;
}

}  // namespace apq::search
