#pragma once
#include <cstdint>

#include "sim/layer_cost.h"

namespace apq::sim::cycle {

// What the SystemC model measured for one layer of a job.
struct LayerStats {
  // The layer's share of the job: from the end of the previous layer's last tile on the array
  // (the job's start for the first layer) to the end of its own last tile (the job's end, after
  // the last write-back, for the last layer).
  std::int64_t span_cycles = 0;
  std::int64_t array_cycles = 0;       // passes on the array, start to done
  std::int64_t fill_drain_cycles = 0;  // the part of array_cycles that streams no beat
  std::int64_t vector_cycles = 0;      // pooling and additions on the vector unit
  std::int64_t passes = 0;
  std::int64_t tiles = 0;
  std::int64_t dram_read_bits = 0;
  std::int64_t dram_write_bits = 0;
  SramBits sram;
};

}  // namespace apq::sim::cycle
