#pragma once

#include "sim/layer_cost.h"
#include "sim/loop_nest.h"
#include "sim/reference/dense_problem.h"
#include "sim/reference/reuse_walk.h"

namespace apq::sim::reference {

// The dataflow of the SRAM loops inside one tile: the one whose access proxy is smallest
// (ties: input-, then output-, then weight-stationary).
Dataflow choose_dataflow(const DenseProblem& problem, const Tiling& tiling);

// Bits the array itself reads from and writes to the buffers over all tiles under `dataflow`
// (no DRAM fills or write-backs).
SramBits array_sram_bits(const DenseProblem& problem, const Tiling& tiling, Dataflow dataflow);

// Adds the buffer side of the DRAM traffic: every bit loaded is written into its buffer,
// partial sums are read back in, and outputs are read out for the write-back.
SramBits with_dram_fills(const SramBits& array_bits, const Traffic& traffic);

}  // namespace apq::sim::reference
