#include "sim/result_format.h"

#include <cstdio>

#include "layer/lut_key.h"

namespace apq::sim {

namespace {

using nlohmann::ordered_json;

std::int64_t bytes(std::int64_t bits) { return (bits + 7) / 8; }

ordered_json breakdown_json(const EnergyBreakdown& e) {
  ordered_json out;
  out["core"] = e.core_dynamic;
  out["leakage"] = e.leakage;
  out["wbuf_read"] = e.wbuf_read;
  out["wbuf_write"] = e.wbuf_write;
  out["ibuf_read"] = e.ibuf_read;
  out["ibuf_write"] = e.ibuf_write;
  out["obuf_read"] = e.obuf_read;
  out["obuf_write"] = e.obuf_write;
  out["dram"] = e.dram;
  return out;
}

ordered_json sram_json(const SramBits& s) {
  ordered_json out;
  out["wbuf_read"] = s.wbuf_read;
  out["wbuf_write"] = s.wbuf_write;
  out["ibuf_read"] = s.ibuf_read;
  out["ibuf_write"] = s.ibuf_write;
  out["obuf_read"] = s.obuf_read;
  out["obuf_write"] = s.obuf_write;
  return out;
}

// Cycles, latency, energy and traffic, shared by layers and totals.
void cost_json(const LayerCost& cost, std::int64_t fill_drain, ordered_json& out) {
  out["cycles"] = {{"total", cost.total_cycles},
                   {"compute", cost.compute_cycles},
                   {"stall", cost.stall_cycles},
                   {"fill_drain", fill_drain}};
  out["latency_ms"] = cost.latency_ms;
  out["energy_mj"] = cost.energy_mj;
  out["energy_breakdown_mj"] = breakdown_json(cost.energy_breakdown_mj);
  out["dram_bytes"] = {{"read", bytes(cost.dram_read_bits)}, {"write", bytes(cost.dram_write_bits)}};
  out["dram_bits"] = {{"read", cost.dram_read_bits}, {"write", cost.dram_write_bits}};
  out["sram_bits"] = sram_json(cost.sram_bits);
}

ordered_json schedule_json(const LayerResult& result) {
  if (!result.has_schedule) return nullptr;
  const LayerCost& cost = result.cost;
  ordered_json tiling;
  for (Loop loop : kAllLoops)
    tiling[loop_name(loop)] = {{"count", cost.tiling[loop].count}, {"size", cost.tiling[loop].size}};
  ordered_json order = ordered_json::array();
  for (Loop loop : cost.loop_order) order.push_back(loop_name(loop));
  ordered_json out;
  out["tiling"] = tiling;
  out["loop_order"] = order;
  out["inner_dataflow"] = dataflow_name(cost.inner_dataflow);
  out["group_tiles"] = cost.group_tiles;
  out["groups_per_tile"] = cost.groups_per_tile;
  return out;
}

std::string loop_order_text(const LayerCost& cost) {
  std::string text;
  for (Loop loop : cost.loop_order) text += std::string(text.empty() ? "" : " > ") + loop_name(loop);
  return text;
}

std::string tiling_text(const LayerCost& cost) {
  std::string text;
  for (Loop loop : kAllLoops) {
    text += std::string(text.empty() ? "" : ", ") + loop_name(loop) + " " +
            std::to_string(cost.tiling[loop].count) + "x" + std::to_string(cost.tiling[loop].size);
  }
  return text;
}

std::string format(const char* pattern, double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, pattern, value);
  return buffer;
}

}  // namespace

ordered_json layer_result_json(const LayerResult& result, TimingMode mode) {
  ordered_json out;
  out["name"] = result.name;
  out["op"] = layer_op_name(result.op);
  out["layer"] = layer_tuple(result.shape);
  out["wbits"] = result.shape.wbits;
  out["abits"] = result.shape.abits;
  out["batch"] = result.shape.batch;
  out["im2col"] = result.im2col;
  out["mode"] = timing_mode_name(mode);
  cost_json(result.cost, result.fill_drain_cycles, out);
  out["array_utilisation"] = result.array_utilisation;
  out["tiles"] = result.tiles;
  out["array_passes"] = result.array_passes;
  out["schedule"] = schedule_json(result);
  out["input_on_chip"] = result.input_on_chip;
  out["output_on_chip"] = result.output_on_chip;
  return out;
}

ordered_json network_result_json(const NetworkResult& result) {
  ordered_json out;
  out["network"] = result.network;
  out["accelerator"] = result.accelerator;
  out["mode"] = timing_mode_name(result.mode);
  ordered_json layers = ordered_json::array();
  std::int64_t fill_drain = 0;
  for (const LayerResult& layer : result.layers) {
    layers.push_back(layer_result_json(layer, result.mode));
    fill_drain += layer.fill_drain_cycles;
  }
  out["layers"] = layers;
  ordered_json total;
  cost_json(result.total, fill_drain, total);
  total["array_utilisation"] = result.array_utilisation;
  out["total"] = total;
  return out;
}

std::string layer_result_text(const LayerResult& r, TimingMode mode, const std::string& accelerator) {
  const LayerCost& c = r.cost;
  const EnergyBreakdown& e = c.energy_breakdown_mj;
  std::string out;
  auto line = [&out](const std::string& key, const std::string& value) {
    out += key + std::string(key.size() < 20 ? 20 - key.size() : 1, ' ') + value + "\n";
  };
  line("layer", lut_key(r.shape) + " batch " + std::to_string(r.shape.batch) +
                    (r.im2col ? " (im2col)" : ""));
  line("accelerator", accelerator);
  line("mode", timing_mode_name(mode));
  line("total cycles", std::to_string(c.total_cycles));
  line("compute cycles", std::to_string(c.compute_cycles) +
                             (mode == TimingMode::Cycle
                                  ? " (fill/drain " + std::to_string(r.fill_drain_cycles) + ")"
                                  : ""));
  line("stall cycles", std::to_string(c.stall_cycles));
  line("latency", format("%.6f ms", c.latency_ms));
  line("energy", format("%.6f mJ", c.energy_mj));
  line("  core", format("%.6f mJ", e.core_dynamic));
  line("  leakage", format("%.6f mJ", e.leakage));
  line("  wbuf read/write", format("%.6f", e.wbuf_read) + format(" / %.6f mJ", e.wbuf_write));
  line("  ibuf read/write", format("%.6f", e.ibuf_read) + format(" / %.6f mJ", e.ibuf_write));
  line("  obuf read/write", format("%.6f", e.obuf_read) + format(" / %.6f mJ", e.obuf_write));
  line("  dram", format("%.6f mJ", e.dram));
  line("dram read/write", std::to_string(bytes(c.dram_read_bits)) + " / " +
                              std::to_string(bytes(c.dram_write_bits)) + " bytes");
  line("utilisation", format("%.4f", r.array_utilisation));
  if (r.has_schedule) {
    line("tiling", tiling_text(c));
    line("loop order", loop_order_text(c));
    line("dataflow", dataflow_name(c.inner_dataflow));
    line("group tiles", std::to_string(c.group_tiles) + " of " +
                            std::to_string(c.groups_per_tile) + " group(s)");
  }
  line("tiles", std::to_string(r.tiles) +
                    (mode == TimingMode::Cycle ? ", " + std::to_string(r.array_passes) + " RTL passes"
                                               : ""));
  return out;
}

std::string network_result_text(const NetworkResult& result) {
  std::string out = "network " + result.network + " on " + result.accelerator + ", " +
                    timing_mode_name(result.mode) + " mode\n";
  char row[512];
  std::snprintf(row, sizeof row, "%-3s %-18s %-7s %-34s %12s %12s %12s %11s %11s %12s %12s %6s\n",
                "#", "name", "op", "layer", "cycles", "compute", "stall", "latency ms",
                "energy mJ", "dram rd B", "dram wr B", "util");
  out += row;
  auto add_row = [&](const std::string& index, const std::string& name, const std::string& op,
                     const std::string& shape, const LayerCost& c, double util) {
    std::snprintf(row, sizeof row,
                  "%-3s %-18s %-7s %-34s %12lld %12lld %12lld %11.6f %11.6f %12lld %12lld %6.3f\n",
                  index.c_str(), name.substr(0, 18).c_str(), op.c_str(), shape.c_str(),
                  static_cast<long long>(c.total_cycles), static_cast<long long>(c.compute_cycles),
                  static_cast<long long>(c.stall_cycles), c.latency_ms, c.energy_mj,
                  static_cast<long long>(bytes(c.dram_read_bits)),
                  static_cast<long long>(bytes(c.dram_write_bits)), util);
    out += row;
  };
  for (std::size_t i = 0; i < result.layers.size(); ++i) {
    const LayerResult& r = result.layers[i];
    add_row(std::to_string(i), r.name, layer_op_name(r.op), lut_key(r.shape), r.cost,
            r.array_utilisation);
  }
  add_row("", "total", "", "", result.total, result.array_utilisation);
  return out;
}

}  // namespace apq::sim
