#include "sim/reference/schedule_cost.h"

#include <algorithm>

#include "sim/reference/sram_access.h"

namespace apq::sim::reference {

namespace {

constexpr int kWeights = static_cast<int>(Tensor::Weights);
constexpr int kActivations = static_cast<int>(Tensor::Activations);
constexpr int kOutputs = static_cast<int>(Tensor::Outputs);

// Stall cycles: the first load and the last store are never hidden; the rest of the traffic
// overlaps with compute.
std::int64_t stall_cycles(const DenseProblem& problem, std::int64_t compute_cycles,
                          std::int64_t moved_bits, std::int64_t first_load_bits,
                          std::int64_t last_store_bits) {
  const std::int64_t width = problem.interface_bits_per_cycle;
  const std::int64_t unhidden = ceil_div(first_load_bits, width) + ceil_div(last_store_bits, width);
  const std::int64_t overlapped = ceil_div(moved_bits - first_load_bits - last_store_bits, width);
  return std::max<std::int64_t>(0, overlapped - compute_cycles) + unhidden;
}

// Energy in pJ, summed term by term in one fixed order so that schedules with equal counts
// compare exactly equal.
double energy_pj(const DenseProblem& problem, std::int64_t compute_cycles, const SramBits& sram,
                 std::int64_t dram_read_bits, std::int64_t dram_write_bits) {
  double energy = static_cast<double>(compute_cycles) * problem.core_pj_per_cycle;
  energy += static_cast<double>(sram.wbuf_read) * problem.wbuf_read_pj_per_bit;
  energy += static_cast<double>(sram.wbuf_write) * problem.wbuf_write_pj_per_bit;
  energy += static_cast<double>(sram.ibuf_read) * problem.ibuf_read_pj_per_bit;
  energy += static_cast<double>(sram.ibuf_write) * problem.ibuf_write_pj_per_bit;
  energy += static_cast<double>(sram.obuf_read) * problem.obuf_read_pj_per_bit;
  energy += static_cast<double>(sram.obuf_write) * problem.obuf_write_pj_per_bit;
  energy += static_cast<double>(dram_read_bits) * problem.dram_pj_per_bit;
  energy += static_cast<double>(dram_write_bits) * problem.dram_pj_per_bit;
  return energy;
}

// DRAM bits and stalls of a traffic pattern.
struct Transfers {
  std::int64_t dram_read_bits = 0;
  std::int64_t dram_write_bits = 0;
  std::int64_t stall_cycles = 0;
};

Transfers transfers(const DenseProblem& problem, std::int64_t compute_cycles,
                    const Traffic& traffic) {
  Transfers moved;
  // Partial sums are always read back in, so outputs travel both ways.
  moved.dram_read_bits = traffic[kWeights].dram_bits + traffic[kActivations].dram_bits +
                         traffic[kOutputs].dram_bits;
  moved.dram_write_bits = traffic[kOutputs].dram_bits;
  const std::int64_t first_load = traffic[kWeights].resident_bits +
                                   traffic[kActivations].resident_bits +
                                   traffic[kOutputs].resident_bits;
  const std::int64_t last_store = traffic[kOutputs].resident_bits;
  moved.stall_cycles = stall_cycles(problem, compute_cycles,
                                    moved.dram_read_bits + moved.dram_write_bits, first_load,
                                    last_store);
  return moved;
}

}  // namespace

CostKey schedule_key(const DenseProblem& problem, std::int64_t compute_cycles,
                     const SramBits& array_bits, const Traffic& traffic) {
  const Transfers moved = transfers(problem, compute_cycles, traffic);
  return {compute_cycles + moved.stall_cycles,
          energy_pj(problem, compute_cycles, with_dram_fills(array_bits, traffic),
                    moved.dram_read_bits, moved.dram_write_bits)};
}

ScheduleCost schedule_cost(const DenseProblem& problem, std::int64_t compute_cycles,
                           const SramBits& array_bits, const Traffic& traffic) {
  const Transfers moved = transfers(problem, compute_cycles, traffic);
  ScheduleCost cost;
  cost.compute_cycles = compute_cycles;
  cost.dram_read_bits = moved.dram_read_bits;
  cost.dram_write_bits = moved.dram_write_bits;
  cost.stall_cycles = moved.stall_cycles;
  cost.total_cycles = compute_cycles + cost.stall_cycles;
  cost.sram = with_dram_fills(array_bits, traffic);

  cost.energy_pj.core_dynamic = static_cast<double>(compute_cycles) * problem.core_pj_per_cycle;
  cost.energy_pj.wbuf_read = static_cast<double>(cost.sram.wbuf_read) * problem.wbuf_read_pj_per_bit;
  cost.energy_pj.wbuf_write =
      static_cast<double>(cost.sram.wbuf_write) * problem.wbuf_write_pj_per_bit;
  cost.energy_pj.ibuf_read = static_cast<double>(cost.sram.ibuf_read) * problem.ibuf_read_pj_per_bit;
  cost.energy_pj.ibuf_write =
      static_cast<double>(cost.sram.ibuf_write) * problem.ibuf_write_pj_per_bit;
  cost.energy_pj.obuf_read = static_cast<double>(cost.sram.obuf_read) * problem.obuf_read_pj_per_bit;
  cost.energy_pj.obuf_write =
      static_cast<double>(cost.sram.obuf_write) * problem.obuf_write_pj_per_bit;
  cost.energy_pj.dram = static_cast<double>(cost.dram_read_bits + cost.dram_write_bits) *
                        problem.dram_pj_per_bit;
  cost.energy_total_pj = energy_pj(problem, compute_cycles, cost.sram, cost.dram_read_bits,
                                   cost.dram_write_bits);
  return cost;
}

CostBound cost_lower_bound(const DenseProblem& problem, std::int64_t compute_cycles,
                           const SramBits& array_bits, const Traffic& traffic,
                           const Tiling& remaining) {
  Traffic fewest = traffic;
  std::int64_t moved = 0;
  std::int64_t hidden_at_least = 0;  // bits that move after the first load, before the last store
  for (int tensor = 0; tensor < kTensorCount; ++tensor) {
    TensorTraffic& t = fewest[tensor];
    // A stopped tensor is refetched by every outer loop; a reusing one at least by every loop it
    // depends on, and keeps at most what fits half its buffer.
    for (Loop loop : kAllLoops)
      if (!t.reusing || depends_on(loop, static_cast<Tensor>(tensor)))
        t.dram_bits *= remaining[loop].count;
    const std::int64_t resident_at_most =
        t.reusing ? std::min(t.dram_bits, problem.half_buffer_bits[tensor]) : t.resident_bits;
    const int trips = tensor == kOutputs ? 2 : 1;  // outputs are read in and written back
    moved += trips * t.dram_bits;
    hidden_at_least += trips * (t.dram_bits - resident_at_most);
  }
  // What is resident now stays at least as large, and is loaded before compute starts.
  const std::int64_t width = problem.interface_bits_per_cycle;
  const std::int64_t unhidden_at_least =
      ceil_div(traffic[kWeights].resident_bits + traffic[kActivations].resident_bits +
                   traffic[kOutputs].resident_bits,
               width) +
      ceil_div(traffic[kOutputs].resident_bits, width);
  const std::int64_t overlapped_at_least = ceil_div(hidden_at_least, width);

  CostBound bound;
  bound.cycles = compute_cycles +
                 std::max<std::int64_t>(0, overlapped_at_least - compute_cycles) +
                 unhidden_at_least;
  // Every bit crosses the interface, hidden or not.
  bound.cycles = std::max(bound.cycles, ceil_div(moved, width));
  bound.energy_pj = energy_pj(problem, compute_cycles, with_dram_fills(array_bits, fewest),
                              moved - fewest[kOutputs].dram_bits, fewest[kOutputs].dram_bits);
  return bound;
}

}  // namespace apq::sim::reference
