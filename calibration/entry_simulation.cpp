#include "calibration/entry_simulation.h"

#include "calibration/accelerator_network.h"
#include "sim/simulate.h"

namespace apq::calibration {

LutValue value_of(const sim::LayerCost& cost) {
  LutValue value;
  value.latency_ms = cost.latency_ms;
  value.energy_mj = cost.energy_mj;
  value.cycles = cost.total_cycles;
  const sim::EnergyBreakdown& b = cost.energy_breakdown_mj;
  value.energy_breakdown = {{"core_dynamic", b.core_dynamic}, {"wbuf_read", b.wbuf_read},
                            {"wbuf_write", b.wbuf_write},     {"ibuf_read", b.ibuf_read},
                            {"ibuf_write", b.ibuf_write},     {"obuf_read", b.obuf_read},
                            {"obuf_write", b.obuf_write},     {"dram", b.dram},
                            {"leakage", b.leakage}};
  return value;
}

FixedNetworks fixed_networks(const search::Space& space) {
  return {head_network(space, space.name + " head"), tail_network(space, space.name + " tail")};
}

LutValue simulate_entry(const sim::AccelConfig& config, const PlanEntry& entry, const FixedNetworks& fixed,
                        int batch) {
  switch (entry.part) {
    case NetworkPart::Head:
      return value_of(sim::simulate_network(config, fixed.head, sim::TimingMode::Cycle).total);
    case NetworkPart::Tail:
      return value_of(sim::simulate_network(config, fixed.tail, sim::TimingMode::Cycle).total);
    case NetworkPart::Blocks:
      break;
  }
  LayerShape shape = entry.layer.shape;
  shape.batch = batch;
  return value_of(sim::simulate_layer(config, shape, sim::TimingMode::Cycle).cost);
}

}  // namespace apq::calibration
