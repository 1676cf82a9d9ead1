#pragma once

#include "sim/loop_nest.h"
#include "sim/reference/dense_problem.h"
#include "sim/reference/schedule_cost.h"

namespace apq::sim::reference {

// The schedule the reference picks for a dense problem, and what it costs.
struct Schedule {
  Tiling tiling;
  LoopOrder order{};  // outermost first; loops with a single tile come first
  Dataflow dataflow = Dataflow::OutputStationary;
  ScheduleCost cost;
};

// Searches every tiling (candidate sizes per loop, each tile within half its buffer) and every
// order of the five tile loops for the fewest total cycles, then the least energy. Ties go to
// the first tiling in the reference's enumeration (batch, spatial, input channels, output
// channels, each ascending) and, within it, the first order in lexicographic order of the
// loops B < OW < OH < IC < OC; loops with one tile are no-ops, so they are reported outermost.
// Throws apq::InputError when no tile fits.
Schedule search_schedule(const DenseProblem& problem);

}  // namespace apq::sim::reference
