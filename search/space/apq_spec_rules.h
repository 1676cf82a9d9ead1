#pragma once

#include "search/space/space.h"

// How APQ's Python code reads the values of a sub-network spec. Applied only to spaces marked
// apq_compatible: elsewhere a spec must name every value exactly.
namespace apq::search {

// APQ's make_divisible(value, divisor): `value` to the nearest multiple of `divisor` (halves up),
// at least `divisor`, one step higher when rounding lost more than 10 % of it. A whole number,
// returned as a double so that any finite value can be resolved and then compared with choices.
double apq_make_divisible(double value, int divisor);

// The mid channels APQ's latency predictor and converter give a block of `in_channels` inputs
// for expand ratio `expand`: make_divisible(expand * in_channels, 8). APQ's network rounds the
// product to a whole number first; the two agree for every ratio mid / in_channels of a mid
// channel count that is a multiple of 8, which is every ratio its converter and we write.
double apq_mid_channels(double expand, int in_channels);

// Whether depth `depth`, not a choice of stage `stage`, is one APQ's code writes and runs there:
// APQ's converter draws every stage's depth from one list (the depth choices of its four-block
// stages), also for a stage with fewer blocks, whose every block then runs (set_active_subnet
// clamps the depth to the block count; the latency predictor runs the blocks below the depth).
// So: a depth above the stage's block count that is a depth choice of another stage.
bool apq_depth_runs_all_blocks(const Space& space, int stage, int depth);

}  // namespace apq::search
