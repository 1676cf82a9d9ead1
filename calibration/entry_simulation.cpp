#include "calibration/entry_simulation.h"

#include <stdexcept>
#include <vector>

#include "sim/layer_results.h"
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

LutValue simulate_entry(const sim::AccelConfig& config, const PlanEntry& entry) {
  if (entry.count == 0 || entry.first + entry.count > entry.job.layers.size())
    throw std::logic_error("LUT row '" + entry.key + "' measures layers outside its job");
  sim::NetworkResult run = sim::simulate_network(config, entry.job, sim::TimingMode::Cycle);
  const auto begin = run.layers.begin() + static_cast<std::ptrdiff_t>(entry.first);
  const std::vector<sim::LayerResult> measured(begin, begin + static_cast<std::ptrdiff_t>(entry.count));
  // The same totals as a whole network's, so that a row measuring a whole job equals it bit for bit.
  LutValue value = value_of(sim::network_result(config, entry.key, sim::TimingMode::Cycle, measured).total);
  if (entry.records_residency) {
    const std::size_t last = entry.first + entry.count - 1;
    bool skip_read = false;
    for (const sim::NetworkLayer& layer : entry.job.layers) skip_read = skip_read || layer.skip_source == last;
    const bool output_on_chip = measured.back().output_on_chip;
    value.residency = RowResidency{measured.front().input_on_chip ? "chip" : "dram",
                                   output_on_chip ? (skip_read ? "chip+dram" : "chip") : "dram", entry.first > 0};
  }
  return value;
}

}  // namespace apq::calibration
