#pragma once
#include "calibration/build_plan.h"
#include "calibration/lut.h"
#include "sim/accel_config.h"
#include "sim/layer_cost.h"

namespace apq::calibration {

// Measures one LUT row with the SystemC model (cycle mode): the entry's job runs as a network
// and the row is the total of its measured layers (for a context-aware row with where their
// input and output lived). Elaborates the process's SystemC kernel on first use.
LutValue simulate_entry(const sim::AccelConfig& config, const PlanEntry& entry);

// The LUT value of a simulated cost: latency, energy, cycles and the energy breakdown.
LutValue value_of(const sim::LayerCost& cost);

}  // namespace apq::calibration
