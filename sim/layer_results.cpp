#include "sim/layer_results.h"

#include <algorithm>

#include "common/errors.h"
#include "sim/cycle/vector_plan.h"
#include "sim/precision.h"
#include "sim/reference/reference_model.h"
#include "sim/reference/tiling.h"

namespace apq::sim {

namespace {

constexpr double kMjPerPj = 1e-9;

double cycles_to_ms(const AccelConfig& config, std::int64_t cycles) {
  return static_cast<double>(cycles) / (config.clock_mhz * 1e3);
}

// Buffer and DRAM energy of the bits moved, in mJ, into `breakdown`.
void add_traffic_energy(const AccelConfig& config, const SramBits& sram, std::int64_t dram_bits,
                        EnergyBreakdown& breakdown) {
  auto mj = [](std::int64_t bits, double pj_per_bit) {
    return static_cast<double>(bits) * pj_per_bit * kMjPerPj;
  };
  breakdown.wbuf_read = mj(sram.wbuf_read, config.wbuf.read_energy_pj_per_bit);
  breakdown.wbuf_write = mj(sram.wbuf_write, config.wbuf.write_energy_pj_per_bit);
  breakdown.ibuf_read = mj(sram.ibuf_read, config.ibuf.read_energy_pj_per_bit);
  breakdown.ibuf_write = mj(sram.ibuf_write, config.ibuf.write_energy_pj_per_bit);
  breakdown.obuf_read = mj(sram.obuf_read, config.obuf.read_energy_pj_per_bit);
  breakdown.obuf_write = mj(sram.obuf_write, config.obuf.write_energy_pj_per_bit);
  breakdown.dram = mj(dram_bits, config.dram_energy_pj_per_bit);
}

double utilisation(const AccelConfig& config, const NetworkLayer& layer, std::int64_t cycles) {
  const std::int64_t macs = layer_macs(layer.op, layer.shape);
  if (macs == 0 || cycles == 0) return 0.0;
  return static_cast<double>(macs) /
         (static_cast<double>(cycles) * static_cast<double>(peak_macs_per_cycle(config, layer.shape)));
}

LayerResult result_frame(const NetworkLayer& layer) {
  LayerResult result;
  result.name = layer.name;
  result.op = layer.op;
  result.shape = layer.shape;
  result.im2col = uses_im2col(layer);
  return result;
}

void add_sram(SramBits& sum, const SramBits& add) {
  sum.wbuf_read += add.wbuf_read;
  sum.wbuf_write += add.wbuf_write;
  sum.ibuf_read += add.ibuf_read;
  sum.ibuf_write += add.ibuf_write;
  sum.obuf_read += add.obuf_read;
  sum.obuf_write += add.obuf_write;
}

}  // namespace

const char* timing_mode_name(TimingMode mode) {
  return mode == TimingMode::Cycle ? "cycle" : "reference";
}

TimingMode parse_timing_mode(const std::string& text) {
  if (text == "cycle") return TimingMode::Cycle;
  if (text == "reference") return TimingMode::Reference;
  throw InputError("mode must be 'cycle' or 'reference', got '" + text + "'");
}

std::int64_t peak_macs_per_cycle(const AccelConfig& config, const LayerShape& layer) {
  return static_cast<std::int64_t>(config.rows) * config.cols *
         products_per_unit(config, layer.abits, layer.wbits);
}

LayerResult cycle_layer_result(const AccelConfig& config, const cycle::PlannedLayer& planned,
                               const cycle::LayerStats& stats) {
  LayerResult result = result_frame(planned.layer);
  LayerCost& cost = result.cost;
  cost.total_cycles = stats.span_cycles;
  cost.compute_cycles = stats.array_cycles + stats.vector_cycles;
  cost.stall_cycles = cost.total_cycles - cost.compute_cycles;
  cost.latency_ms = cycles_to_ms(config, cost.total_cycles);
  cost.dram_read_bits = stats.dram_read_bits;
  cost.dram_write_bits = stats.dram_write_bits;
  cost.sram_bits = stats.sram;

  EnergyBreakdown& energy = cost.energy_breakdown_mj;
  energy.core_dynamic = static_cast<double>(stats.array_cycles) *
                        config.core_dynamic_energy_nj_per_cycle * 1e3 * kMjPerPj;
  add_traffic_energy(config, stats.sram, stats.dram_read_bits + stats.dram_write_bits, energy);
  const double leakage_mw =
      config.core_leakage_mw + config.wbuf.leakage_mw + config.ibuf.leakage_mw + config.obuf.leakage_mw;
  // mW x s = mJ.
  energy.leakage = leakage_mw * cost.latency_ms * 1e-3;
  cost.energy_mj = breakdown_total(energy);

  if (planned.conv) {
    result.has_schedule = true;
    cost.tiling = planned.conv->schedule.tiling;
    cost.loop_order = planned.conv->schedule.order;
    // The array keeps a pass's weights in the units and streams the pixels through them.
    cost.inner_dataflow = Dataflow::WeightStationary;
    cost.group_tiles = planned.conv->mapping.tiles;
    cost.groups_per_tile = planned.conv->mapping.groups_per_tile;
  }
  result.tiles = stats.tiles;
  result.array_passes = stats.passes;
  result.fill_drain_cycles = stats.fill_drain_cycles;
  result.array_utilisation = utilisation(config, planned.layer, cost.total_cycles);
  result.input_on_chip = planned.io.input_on_chip;
  result.output_on_chip = planned.io.output_on_chip;
  return result;
}

LayerResult reference_layer_result(const AccelConfig& config, const NetworkLayer& layer) {
  LayerResult result = result_frame(layer);
  if (runs_on_array(layer.op)) {
    result.cost = reference_cost(config, layer.shape, result.im2col);
    result.has_schedule = true;
    result.tiles = result.cost.group_tiles * reference::tile_count(result.cost.tiling);
  } else {
    cycle::LayerIo io;
    io.output_bits = layer.shape.abits;
    const std::vector<cycle::TileStep> tiles = cycle::plan_vector_layer(config, layer, io);
    LayerCost& cost = result.cost;
    for (const cycle::TileStep& tile : tiles) {
      cost.compute_cycles += tile.vector_cycles;
      cost.dram_read_bits += tile.activation_load_bits;
      cost.dram_write_bits += tile.writeback_bits;
      add_sram(cost.sram_bits, tile.sram);
    }
    const std::int64_t memory_cycles = reference::ceil_div(
        cost.dram_read_bits + cost.dram_write_bits, config.interface_bits_per_cycle);
    cost.stall_cycles = std::max<std::int64_t>(0, memory_cycles - cost.compute_cycles);
    cost.total_cycles = cost.compute_cycles + cost.stall_cycles;
    cost.latency_ms = cycles_to_ms(config, cost.total_cycles);
    add_traffic_energy(config, cost.sram_bits, cost.dram_read_bits + cost.dram_write_bits,
                       cost.energy_breakdown_mj);
    cost.energy_mj = breakdown_total(cost.energy_breakdown_mj);
    result.tiles = static_cast<std::int64_t>(tiles.size());
  }
  result.array_utilisation = utilisation(config, layer, result.cost.total_cycles);
  return result;
}

NetworkResult network_result(const AccelConfig& config, const std::string& network_name,
                             TimingMode mode, std::vector<LayerResult> layers) {
  NetworkResult network;
  network.network = network_name;
  network.accelerator = config.name;
  network.mode = mode;
  network.layers = std::move(layers);
  LayerCost& total = network.total;
  double macs = 0.0;
  double peak_mac_cycles = 0.0;
  for (const LayerResult& layer : network.layers) {
    const LayerCost& cost = layer.cost;
    total.total_cycles += cost.total_cycles;
    total.compute_cycles += cost.compute_cycles;
    total.stall_cycles += cost.stall_cycles;
    total.dram_read_bits += cost.dram_read_bits;
    total.dram_write_bits += cost.dram_write_bits;
    add_sram(total.sram_bits, cost.sram_bits);
    EnergyBreakdown& sum = total.energy_breakdown_mj;
    const EnergyBreakdown& add = cost.energy_breakdown_mj;
    sum.core_dynamic += add.core_dynamic;
    sum.wbuf_read += add.wbuf_read;
    sum.wbuf_write += add.wbuf_write;
    sum.ibuf_read += add.ibuf_read;
    sum.ibuf_write += add.ibuf_write;
    sum.obuf_read += add.obuf_read;
    sum.obuf_write += add.obuf_write;
    sum.dram += add.dram;
    sum.leakage += add.leakage;
    total.energy_mj += cost.energy_mj;
    NetworkLayer as_layer{layer.name, layer.op, layer.shape, layer.im2col, std::nullopt};
    macs += static_cast<double>(layer_macs(as_layer.op, as_layer.shape));
    // A vector-unit layer's time counts as idle array time.
    peak_mac_cycles += static_cast<double>(cost.total_cycles) *
                       static_cast<double>(peak_macs_per_cycle(config, layer.shape));
  }
  total.latency_ms = cycles_to_ms(config, total.total_cycles);
  network.array_utilisation = peak_mac_cycles > 0 ? macs / peak_mac_cycles : 0.0;
  return network;
}

}  // namespace apq::sim
