#include "sim/cycle/residency.h"

#include "sim/reference/reuse_walk.h"
#include "sim/reference/tiling.h"

namespace apq::sim::cycle {

using reference::Tensor;

namespace {

unsigned bit(Loop loop) { return 1u << static_cast<int>(loop); }

}  // namespace

Residency::Residency(const reference::DenseProblem& problem, const Tiling& tiling,
                     const LoopOrder& order) {
  reference::Traffic traffic = reference::start_reuse_walk(reference::tile_footprint(problem, tiling));
  for (auto loop = order.rbegin(); loop != order.rend(); ++loop) {
    reference::visit_loop(problem, *loop, tiling[*loop].count, traffic);
    for (int tensor = 0; tensor < reference::kTensorCount; ++tensor)
      if (traffic[tensor].reusing) inner_loops_[tensor] |= bit(*loop);
  }
}

bool Residency::holds_across(Tensor tensor, Loop loop) const {
  return (inner_loops_[static_cast<int>(tensor)] & bit(loop)) != 0;
}

bool Residency::fetches(Tensor tensor, const TileIndex& index) const {
  for (Loop loop : kAllLoops)
    if (holds_across(tensor, loop) && !reference::depends_on(loop, tensor) &&
        index[static_cast<int>(loop)] != 0)
      return false;
  return true;
}

}  // namespace apq::sim::cycle
