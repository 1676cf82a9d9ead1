#pragma once
#include "calibration/build_plan.h"
#include "calibration/lut.h"
#include "search/space/space.h"
#include "sim/accel_config.h"
#include "sim/network.h"
#include "sim/sim_result.h"

namespace apq::calibration {

// The fixed parts of a space as the accelerator runs them: the head's layers and the tail's
// layers, each a network of its own.
struct FixedNetworks {
  sim::Network head;
  sim::Network tail;
};

// Built by the code that builds network_of's head and tail (head_network, tail_network of accelerator_network.h;
// they are the same in every sub-network), so that they match what full-network simulation runs.
FixedNetworks fixed_networks(const search::Space& space);

// Measures one LUT row with the SystemC model (cycle mode): a block layer alone on the
// accelerator (input from DRAM, output to DRAM), the head and tail each as a network back to
// back. Elaborates the process's SystemC kernel on first use.
LutValue simulate_entry(const sim::AccelConfig& config, const PlanEntry& entry, const FixedNetworks& fixed,
                        int batch);

// The LUT value of a simulated cost: latency, energy, cycles and the energy breakdown.
LutValue value_of(const sim::LayerCost& cost);

}  // namespace apq::calibration
