#include "sim/reference/reuse_walk.h"

namespace apq::sim::reference {

Traffic start_reuse_walk(const TileFootprint& footprint) {
  Traffic traffic;
  for (int tensor = 0; tensor < kTensorCount; ++tensor)
    traffic[tensor] = {footprint[tensor], footprint[tensor], true};
  return traffic;
}

void visit_loop(const DenseProblem& problem, Loop loop, std::int64_t count, Traffic& traffic) {
  for (int tensor = 0; tensor < kTensorCount; ++tensor) {
    TensorTraffic& t = traffic[tensor];
    if (!t.reusing) {
      t.dram_bits *= count;
    } else if (depends_on(loop, static_cast<Tensor>(tensor))) {
      t.dram_bits *= count;
      if (t.dram_bits > problem.half_buffer_bits[tensor])
        t.reusing = false;
      else
        t.resident_bits = t.dram_bits;
    }
  }
}

Traffic reuse_walk(const DenseProblem& problem, const Tiling& tiling,
                   const TileFootprint& footprint, const LoopOrder& order) {
  Traffic traffic = start_reuse_walk(footprint);
  for (auto loop = order.rbegin(); loop != order.rend(); ++loop)
    visit_loop(problem, *loop, tiling[*loop].count, traffic);
  return traffic;
}

}  // namespace apq::sim::reference
