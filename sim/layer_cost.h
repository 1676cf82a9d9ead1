#pragma once
#include <cstdint>

#include "sim/loop_nest.h"

namespace apq::sim {

// Energy by where it is spent, in mJ.
struct EnergyBreakdown {
  double core_dynamic = 0.0;
  double wbuf_read = 0.0;
  double wbuf_write = 0.0;
  double ibuf_read = 0.0;
  double ibuf_write = 0.0;
  double obuf_read = 0.0;
  double obuf_write = 0.0;
  double dram = 0.0;
  double leakage = 0.0;  // zero in the reference model
};

// Bits read from and written to each on-chip buffer.
struct SramBits {
  std::int64_t wbuf_read = 0;
  std::int64_t wbuf_write = 0;
  std::int64_t ibuf_read = 0;
  std::int64_t ibuf_write = 0;
  std::int64_t obuf_read = 0;
  std::int64_t obuf_write = 0;
};

// What one layer costs on one accelerator, and the schedule that achieves it.
struct LayerCost {
  std::int64_t total_cycles = 0;
  std::int64_t compute_cycles = 0;
  std::int64_t stall_cycles = 0;  // memory stalls, including the unhidden first load and last store
  double latency_ms = 0.0;
  double energy_mj = 0.0;
  EnergyBreakdown energy_breakdown_mj;
  std::int64_t dram_read_bits = 0;
  std::int64_t dram_write_bits = 0;
  SramBits sram_bits;

  // The schedule of one group tile (the whole layer when groups = 1): tiling, tile loops from
  // outermost to innermost, and the dataflow of the SRAM loops inside a tile.
  Tiling tiling;
  LoopOrder loop_order{};
  Dataflow inner_dataflow = Dataflow::OutputStationary;

  // Grouped layers run as `group_tiles` identical dense problems of `groups_per_tile` groups
  // each (sim/README.md); both are 1 for a dense layer.
  std::int64_t group_tiles = 1;
  std::int64_t groups_per_tile = 1;
};

// The sum of the breakdown, in mJ.
double breakdown_total(const EnergyBreakdown& breakdown);

}  // namespace apq::sim
