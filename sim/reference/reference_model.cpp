#include "sim/reference/reference_model.h"

#include <string>

#include "common/errors.h"
#include "sim/reference/dense_problem.h"
#include "sim/reference/group_tiles.h"
#include "sim/reference/schedule_search.h"

namespace apq::sim {

namespace {

constexpr double kMjPerPj = 1e-9;

// A dense problem's schedule as a layer cost, repeated `tiles` times.
LayerCost layer_cost(const AccelConfig& config, const reference::Schedule& schedule,
                     const reference::GroupTiles& mapping) {
  const reference::ScheduleCost& one = schedule.cost;
  const std::int64_t n = mapping.tiles;
  const double scale = static_cast<double>(n) * kMjPerPj;

  LayerCost cost;
  cost.total_cycles = n * one.total_cycles;
  cost.compute_cycles = n * one.compute_cycles;
  cost.stall_cycles = n * one.stall_cycles;
  cost.latency_ms = static_cast<double>(cost.total_cycles) / (config.clock_mhz * 1e3);
  cost.energy_mj = one.energy_total_pj * scale;
  cost.energy_breakdown_mj.core_dynamic = one.energy_pj.core_dynamic * scale;
  cost.energy_breakdown_mj.wbuf_read = one.energy_pj.wbuf_read * scale;
  cost.energy_breakdown_mj.wbuf_write = one.energy_pj.wbuf_write * scale;
  cost.energy_breakdown_mj.ibuf_read = one.energy_pj.ibuf_read * scale;
  cost.energy_breakdown_mj.ibuf_write = one.energy_pj.ibuf_write * scale;
  cost.energy_breakdown_mj.obuf_read = one.energy_pj.obuf_read * scale;
  cost.energy_breakdown_mj.obuf_write = one.energy_pj.obuf_write * scale;
  cost.energy_breakdown_mj.dram = one.energy_pj.dram * scale;
  cost.dram_read_bits = n * one.dram_read_bits;
  cost.dram_write_bits = n * one.dram_write_bits;
  cost.sram_bits.wbuf_read = n * one.sram.wbuf_read;
  cost.sram_bits.wbuf_write = n * one.sram.wbuf_write;
  cost.sram_bits.ibuf_read = n * one.sram.ibuf_read;
  cost.sram_bits.ibuf_write = n * one.sram.ibuf_write;
  cost.sram_bits.obuf_read = n * one.sram.obuf_read;
  cost.sram_bits.obuf_write = n * one.sram.obuf_write;
  cost.tiling = schedule.tiling;
  cost.loop_order = schedule.order;
  cost.inner_dataflow = schedule.dataflow;
  cost.group_tiles = n;
  cost.groups_per_tile = mapping.groups_per_tile;
  return cost;
}

}  // namespace

LayerCost reference_cost(const AccelConfig& config, const LayerShape& layer, bool im2col) {
  validate_layer(layer);
  const reference::GroupTiles mapping = reference::group_tiles(config, layer);
  try {
    const reference::DenseProblem problem =
        reference::make_dense_problem(config, mapping.tile_layer, im2col);
    return layer_cost(config, reference::search_schedule(problem), mapping);
  } catch (const InputError& error) {
    throw InputError("accelerator " + config.name + ", layer " + describe_layer(layer) + ": " +
                     error.what());
  }
}

}  // namespace apq::sim
