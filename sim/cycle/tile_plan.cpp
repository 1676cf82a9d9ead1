#include "sim/cycle/tile_plan.h"

#include <algorithm>

#include "sim/reference/dense_problem.h"
#include "sim/reference/tiling.h"

namespace apq::sim::cycle {

using reference::ceil_div;
using reference::kAccumulatorBits;

PassSplit rtl_pass_split() {
  PassSplit split;
  split.depth = APQ_UNIT_WEIGHT_DEPTH;
  split.max_pixels = 65535;
  return split;
}

std::int64_t step_chunk_count(std::int64_t steps, std::int64_t depth) {
  return ceil_div(steps, depth);
}

StepChunk step_chunk(std::int64_t steps, std::int64_t depth, std::int64_t index) {
  const std::int64_t chunks = step_chunk_count(steps, depth);
  const std::int64_t shorter = steps / chunks;
  const std::int64_t longer = steps % chunks;  // chunks with one step more
  StepChunk chunk;
  chunk.begin = index * shorter + std::min(index, longer);
  chunk.steps = shorter + (index < longer ? 1 : 0);
  return chunk;
}

SramBits pass_sram_bits(const TileStep& tile, const PassSplit& split, std::int64_t kernel_taps,
                        std::int64_t abits, std::int64_t wbits, bool first_reduction) {
  SramBits bits;
  if (tile.pixels == 0) return bits;
  const std::int64_t step_chunks = step_chunk_count(tile.steps, split.depth);
  const std::int64_t pixel_chunks = ceil_div(tile.pixels, split.max_pixels);
  const std::int64_t reduction = kernel_taps * tile.in_channels.size;
  const std::int64_t sums = tile.pixels * tile.out_channels.size * kAccumulatorBits;
  // A row's activation word is broadcast along the row, so each column pass reads it once.
  bits.ibuf_read = tile.column_passes * tile.pixels * reduction * abits;
  bits.wbuf_read = reduction * tile.out_channels.size * wbits * pixel_chunks;
  bits.obuf_write = step_chunks * sums;
  bits.obuf_read = (step_chunks - (first_reduction ? 1 : 0)) * sums;
  return bits;
}

}  // namespace apq::sim::cycle
