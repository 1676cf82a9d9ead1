#include "sim/reference/schedule_cost.h"

#include <algorithm>

#include "sim/reference/sram_access.h"

namespace apq::sim::reference {

namespace {

constexpr int kWeights = static_cast<int>(Tensor::Weights);
constexpr int kActivations = static_cast<int>(Tensor::Activations);
constexpr int kOutputs = static_cast<int>(Tensor::Outputs);

// Stall cycles: the first load and the last store are never hidden; the rest of the traffic
// overlaps with compute. With a DRAM latency (cycle-mode scheduling) the first load pays it and
// so does every later tile's.
std::int64_t stall_cycles(const DenseProblem& problem, std::int64_t compute_cycles,
                          std::int64_t tiles, std::int64_t moved_bits,
                          std::int64_t first_load_bits, std::int64_t last_store_bits) {
  const std::int64_t width = problem.interface_bits_per_cycle;
  const std::int64_t unhidden = ceil_div(first_load_bits, width) +
                                ceil_div(last_store_bits, width) + problem.dram_latency_cycles;
  const std::int64_t overlapped = ceil_div(moved_bits - first_load_bits - last_store_bits, width) +
                                  (tiles - 1) * problem.dram_latency_cycles;
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

// Bits of the final outputs (cycle-mode scheduling): real channels at the output width.
std::int64_t final_output_bits(const DenseProblem& problem) {
  return problem.batch * problem.out * problem.out * problem.cout * problem.output_bits;
}

// The last store of the cycle mode: the resident outputs at the output width.
std::int64_t final_store_bits(const DenseProblem& problem, std::int64_t resident_output_bits) {
  return std::min(final_output_bits(problem),
                  ceil_div(resident_output_bits * problem.output_bits, kAccumulatorBits));
}

Transfers transfers(const DenseProblem& problem, const TilingWork& work, const Traffic& traffic) {
  Transfers moved;
  const std::int64_t inputs = traffic[kWeights].dram_bits + traffic[kActivations].dram_bits;
  std::int64_t first_load = traffic[kWeights].resident_bits + traffic[kActivations].resident_bits;
  std::int64_t last_store = 0;
  if (problem.output_bits == 0) {
    // Partial sums are always read back in, so outputs travel both ways.
    moved.dram_read_bits = inputs + traffic[kOutputs].dram_bits;
    moved.dram_write_bits = traffic[kOutputs].dram_bits;
    first_load += traffic[kOutputs].resident_bits;
    last_store = traffic[kOutputs].resident_bits;
  } else {
    const std::int64_t partial_sums = traffic[kOutputs].dram_bits - work.distinct_output_bits;
    moved.dram_read_bits = inputs + partial_sums;
    moved.dram_write_bits = partial_sums + final_output_bits(problem);
    last_store = final_store_bits(problem, traffic[kOutputs].resident_bits);
  }
  moved.stall_cycles = stall_cycles(problem, work.compute_cycles, work.tiles,
                                    moved.dram_read_bits + moved.dram_write_bits, first_load,
                                    last_store);
  return moved;
}

}  // namespace

CostKey schedule_key(const DenseProblem& problem, const TilingWork& work,
                     const SramBits& array_bits, const Traffic& traffic) {
  const Transfers moved = transfers(problem, work, traffic);
  return {work.compute_cycles + moved.stall_cycles,
          energy_pj(problem, work.compute_cycles, with_dram_fills(array_bits, traffic),
                    moved.dram_read_bits, moved.dram_write_bits)};
}

ScheduleCost schedule_cost(const DenseProblem& problem, const TilingWork& work,
                           const SramBits& array_bits, const Traffic& traffic) {
  const Transfers moved = transfers(problem, work, traffic);
  const std::int64_t compute_cycles = work.compute_cycles;
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

CostBound cost_lower_bound(const DenseProblem& problem, const TilingWork& work,
                           const SramBits& array_bits, const Traffic& traffic,
                           const Tiling& remaining) {
  Traffic fewest = traffic;
  std::int64_t reads = 0;
  std::int64_t writes = 0;
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
    if (tensor != kOutputs) {
      reads += t.dram_bits;
      hidden_at_least += t.dram_bits - resident_at_most;
    } else if (problem.output_bits == 0) {
      // Outputs are read in and written back.
      reads += t.dram_bits;
      writes += t.dram_bits;
      hidden_at_least += 2 * (t.dram_bits - resident_at_most);
    } else {
      const std::int64_t partial_sums = t.dram_bits - work.distinct_output_bits;
      reads += partial_sums;
      writes += partial_sums + final_output_bits(problem);
      hidden_at_least += 2 * partial_sums + final_output_bits(problem) -
                         final_store_bits(problem, resident_at_most);
    }
  }
  // What is resident now stays at least as large, and is loaded before compute starts.
  const std::int64_t width = problem.interface_bits_per_cycle;
  const std::int64_t resident_inputs =
      traffic[kWeights].resident_bits + traffic[kActivations].resident_bits;
  const std::int64_t resident_outputs = traffic[kOutputs].resident_bits;
  const std::int64_t unhidden_at_least =
      (problem.output_bits == 0
           ? ceil_div(resident_inputs + resident_outputs, width) + ceil_div(resident_outputs, width)
           : ceil_div(resident_inputs, width) +
                 ceil_div(final_store_bits(problem, resident_outputs), width)) +
      problem.dram_latency_cycles;
  const std::int64_t overlapped_at_least =
      ceil_div(hidden_at_least, width) + (work.tiles - 1) * problem.dram_latency_cycles;

  CostBound bound;
  bound.cycles = work.compute_cycles +
                 std::max<std::int64_t>(0, overlapped_at_least - work.compute_cycles) +
                 unhidden_at_least;
  // Every bit crosses the interface, hidden or not.
  bound.cycles = std::max(bound.cycles, ceil_div(reads + writes, width));
  bound.energy_pj = energy_pj(problem, work.compute_cycles, with_dram_fills(array_bits, fewest),
                              reads, writes);
  return bound;
}

}  // namespace apq::sim::reference
