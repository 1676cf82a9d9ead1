#pragma once
// The Verilated fusion array behind a shape-independent interface.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "rtl/golden_model.h"

namespace apq::rtl {

struct TileRun {
  std::vector<std::int32_t> outputs;  // out[p * cols + c]
  std::int64_t cycles = 0;            // start pulse to done pulse, both included
};

class FusionArraySim {
 public:
  virtual ~FusionArraySim() = default;
  virtual ArrayShape shape() const = 0;
  // Reduction steps one tile may have: the depth of a unit's weight bank.
  virtual int weight_depth() const = 0;
  // Loads the tile's weights into the idle bank, then streams it, one beat per cycle.
  virtual TileRun run_tile(const ArrayTile& tile) = 0;
  // Writes a waveform of everything simulated from now on to `path` (VCD).
  virtual void trace_to(const std::string& path) = 0;
  virtual void stop_trace() = 0;
  // Clock cycles simulated so far, weight loads included.
  virtual std::uint64_t simulated_cycles() const = 0;
};

// The array shapes the build verilated.
std::vector<ArrayShape> verilated_shapes();

// A simulator of the given shape; throws apq::InputError naming the available shapes otherwise.
std::unique_ptr<FusionArraySim> make_fusion_array_sim(const ArrayShape& shape);

}  // namespace apq::rtl
