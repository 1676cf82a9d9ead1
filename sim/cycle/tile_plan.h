#pragma once
#include <cstdint>
#include <vector>

#include "sim/layer_cost.h"
#include "sim/loop_nest.h"

namespace apq::sim::cycle {

// A half-open range [begin, begin + size) of one dimension.
struct Extent {
  std::int64_t begin = 0;
  std::int64_t size = 0;
};

// One tile of a layer as the controller runs it: what it loads from DRAM before it computes,
// what the array (or the vector unit) does with it, and what it writes back afterwards. Sizes are
// the tile's real extents: a ragged last tile moves and computes only what it holds.
struct TileStep {
  // Where the tile sits. Channels are local to the group tile (sim/README.md, grouped layers);
  // rows and columns are output pixels.
  std::int64_t group_tile = 0;
  Extent batch;
  Extent out_y;
  Extent out_x;
  Extent in_channels;
  Extent out_channels;

  // DRAM -> buffer before the tile computes, in bits.
  std::int64_t weight_load_bits = 0;
  std::int64_t activation_load_bits = 0;
  std::int64_t psum_load_bits = 0;  // partial sums of earlier input-channel tiles
  // OBUF -> DRAM after the tile computes, in bits (partial sums, or final outputs after the
  // vector unit at the output width).
  std::int64_t writeback_bits = 0;

  // Array work: `pixels` output pixels, each reduced over `steps` reduction steps, for each of
  // `column_passes` groups of `cols` output channels. Zero for a vector-unit tile.
  std::int64_t pixels = 0;
  std::int64_t steps = 0;
  std::int64_t column_passes = 0;
  // Vector-unit work (pooling, residual addition) in cycles; zero for an array tile.
  std::int64_t vector_cycles = 0;

  // On-chip buffer traffic of the tile, fills and write-backs included.
  SramBits sram;
};

// How the reduction of one array tile is cut into RTL passes: a unit's weight bank holds at most
// `depth` reduction steps and the array's pixel counter at most `max_pixels` pixels. Passes run
// column pass by column pass, then step chunks, then pixel chunks. The steps are shared out
// evenly over the fewest chunks (18 steps as 9 + 9, not 16 + 2): the next chunk's weights load
// while this chunk computes, and a short chunk before a long one would leave the array waiting
// for the load port.
struct PassSplit {
  std::int64_t depth = 16;
  std::int64_t max_pixels = 65535;
};

// One chunk of a tile's reduction steps.
struct StepChunk {
  std::int64_t begin = 0;
  std::int64_t steps = 0;
};

// Chunk `index` of `steps` steps cut into ceil(steps / depth) even chunks, the longer ones first.
StepChunk step_chunk(std::int64_t steps, std::int64_t depth, std::int64_t index);
std::int64_t step_chunk_count(std::int64_t steps, std::int64_t depth);

// The RTL's limits: a unit's weight bank holds the RTL build's WDEPTH steps
// (rtl/CMakeLists.txt) and the pixel counter is 16 bits wide (rtl/README.md).
PassSplit rtl_pass_split();

// The buffers' share of the array passes of one tile: activations streamed once per column pass,
// each weight moved into a unit bank once per pass, every pass writing its sums into the OBUF
// and reading them back to accumulate unless it is the first contribution. `first_reduction`
// says the tile's input-channel tile is the first, so its first step chunk starts from zero.
SramBits pass_sram_bits(const TileStep& tile, const PassSplit& split, std::int64_t kernel_taps,
                        std::int64_t abits, std::int64_t wbits, bool first_reduction);

}  // namespace apq::sim::cycle
