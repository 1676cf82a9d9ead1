#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "sim/accel_config.h"
#include "sim/layer_cost.h"
#include "layer/layer_shape.h"
#include "sim/network.h"

namespace apq::sim {

// `cycle` (the default) is what the SystemC model simulates; `reference` is the BitFusion
// authors' analytical model (reference/reference_model.h), for comparison with the literature.
enum class TimingMode { Cycle, Reference };

const char* timing_mode_name(TimingMode mode);

// "cycle" or "reference"; throws apq::InputError naming the value otherwise.
TimingMode parse_timing_mode(const std::string& text);

// One layer's result.
struct LayerResult {
  std::string name;
  LayerOp op = LayerOp::Conv;
  LayerShape shape;
  bool im2col = false;
  // Cycles, latency, energy and its breakdown, DRAM and SRAM bits; for array layers also the
  // schedule (tiling, loop order, dataflow, group tiles). In cycle mode, compute cycles are the
  // array's passes including their fill and drain, plus vector-unit cycles; stall cycles are the
  // rest of the layer's time.
  LayerCost cost;
  bool has_schedule = false;           // array layers
  std::int64_t tiles = 0;              // tiles run (all group tiles)
  std::int64_t array_passes = 0;       // cycle mode: RTL passes
  std::int64_t fill_drain_cycles = 0;  // cycle mode: array pipeline fill and drain
  double array_utilisation = 0.0;      // MACs / (total cycles x peak MACs per cycle)
  bool input_on_chip = false;          // network mode: input taken from the IBUF
  bool output_on_chip = false;         // network mode: output left in the IBUF
};

struct NetworkResult {
  std::string network;
  std::string accelerator;
  TimingMode mode = TimingMode::Cycle;
  std::vector<LayerResult> layers;
  // Sums over the layers: cycles, latency, energy and breakdown, DRAM and SRAM bits. The
  // schedule fields are not used.
  LayerCost total;
  double array_utilisation = 0.0;
};

// Peak multiply-accumulates per cycle of the array at a layer's widths.
std::int64_t peak_macs_per_cycle(const AccelConfig& config, const LayerShape& layer);

}  // namespace apq::sim
