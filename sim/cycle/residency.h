#pragma once
#include <array>
#include <cstdint>

#include "sim/loop_nest.h"
#include "sim/reference/dense_problem.h"

namespace apq::sim::cycle {

// Tile indices per loop, indexed by Loop.
using TileIndex = std::array<std::int64_t, kLoopCount>;

// Which tile loops each tensor stays on chip across under a loop order: the loops the reference's
// reuse walk visits before the tensor's data outgrows half its buffer (reference/reuse_walk.h).
// The controller follows the same decisions tile by tile, so its DRAM traffic is the reference's
// (for whole tiles, and before the cycle-level refinements of plan_conv_layer).
class Residency {
 public:
  Residency(const reference::DenseProblem& problem, const Tiling& tiling, const LoopOrder& order);

  // Whether the reuse block of `tensor` contains `loop`.
  bool holds_across(reference::Tensor tensor, Loop loop) const;

  // Whether the tile at `index` has to fetch its tile of `tensor`. Inside the block, a tile is
  // fetched the first time it is touched: when every loop of the block that does not index the
  // tensor is at its first tile. Outside the block, every tile is fetched again.
  bool fetches(reference::Tensor tensor, const TileIndex& index) const;

 private:
  std::array<unsigned, reference::kTensorCount> inner_loops_{};  // bit i: kAllLoops[i]
};

}  // namespace apq::sim::cycle
