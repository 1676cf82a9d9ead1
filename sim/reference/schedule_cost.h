#pragma once
#include <cstdint>

#include "sim/layer_cost.h"
#include "sim/loop_nest.h"
#include "sim/reference/dense_problem.h"
#include "sim/reference/reuse_walk.h"
#include "sim/reference/tiling.h"

namespace apq::sim::reference {

// Cycles, traffic and energy of one tiling under one loop order.
struct ScheduleCost {
  std::int64_t compute_cycles = 0;
  std::int64_t stall_cycles = 0;
  std::int64_t total_cycles = 0;
  std::int64_t dram_read_bits = 0;
  std::int64_t dram_write_bits = 0;
  SramBits sram;
  EnergyBreakdown energy_pj;  // the breakdown's fields, in pJ
  double energy_total_pj = 0.0;
};

// `work` and `array_bits` are the order-independent part of the tiling.
ScheduleCost schedule_cost(const DenseProblem& problem, const TilingWork& work,
                           const SramBits& array_bits, const Traffic& traffic);

// What the search compares: total cycles, then energy. Equal to schedule_cost's figures.
struct CostKey {
  std::int64_t total_cycles = 0;
  double energy_pj = 0.0;
};
CostKey schedule_key(const DenseProblem& problem, const TilingWork& work,
                     const SramBits& array_bits, const Traffic& traffic);

// Cycles and energy that no completion of a reuse walk can beat. `traffic` is the walk after the
// loops visited so far; `remaining` holds the tile counts of the loops still to visit (1 for the
// others). Every tensor is fetched at least once per remaining loop it depends on, what is on
// chip only grows and is at most half a buffer, and every bit crosses the interface.
struct CostBound {
  std::int64_t cycles = 0;
  double energy_pj = 0.0;
};
CostBound cost_lower_bound(const DenseProblem& problem, const TilingWork& work,
                           const SramBits& array_bits, const Traffic& traffic,
                           const Tiling& remaining);

}  // namespace apq::sim::reference
