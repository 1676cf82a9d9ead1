#pragma once
#include <array>
#include <cstdint>

#include "sim/loop_nest.h"
#include "sim/reference/dense_problem.h"
#include "sim/reference/tiling.h"

namespace apq::sim::reference {

// DRAM traffic of one tensor under a loop order. Walking the tile loops from the innermost out,
// a tensor keeps reusing what is on chip while the data its inner loops touch fits half its
// buffer; once it does not, every outer loop refetches it.
struct TensorTraffic {
  std::int64_t dram_bits = 0;      // bits moved for this tensor over the whole layer
  std::int64_t resident_bits = 0;  // the largest block that stayed on chip
  bool reusing = true;
};
using Traffic = std::array<TensorTraffic, kTensorCount>;  // indexed by Tensor

// The state before any loop is visited: one tile of each tensor.
Traffic start_reuse_walk(const TileFootprint& footprint);

// Visits one loop with `count` tiles, the next one outward.
void visit_loop(const DenseProblem& problem, Loop loop, std::int64_t count, Traffic& traffic);

// The whole walk for a loop order (outermost first).
Traffic reuse_walk(const DenseProblem& problem, const Tiling& tiling,
                   const TileFootprint& footprint, const LoopOrder& order);

}  // namespace apq::sim::reference
