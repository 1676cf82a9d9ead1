#pragma once
#include <cstddef>
#include <cstdint>

#include "sim/accel_config.h"
#include "sim/cycle/tile_plan.h"
#include "sim/network.h"
#include "sim/sim_result.h"

namespace apq::sim {

// One RTL pass of an array tile (cycle/tile_plan.h, PassSplit): output channels
// [column_pass * cols, + cols) of the tile, reduction steps [step_begin, + steps), the tile's
// pixels [pixel_begin, + pixels) in batch, row, column order.
struct ArrayPass {
  std::size_t layer = 0;  // index in the network
  const cycle::TileStep* tile = nullptr;
  std::int64_t column_pass = 0;
  std::int64_t step_begin = 0;
  std::int64_t steps = 0;
  std::int64_t pixel_begin = 0;
  std::int64_t pixels = 0;
};

// What executes the array's passes inside the SystemC model. Without one, a pass takes the RTL's
// closed-form cycle count (rtl::tile_cycles); co-simulation plugs in the Verilated array.
class ArrayPassRunner {
 public:
  virtual ~ArrayPassRunner() = default;
  // Runs the pass and returns its cycles from the start pulse to the done pulse, both included.
  virtual std::int64_t run(const ArrayPass& pass) = 0;
};

// simulate_network in cycle mode with `runner` executing every array pass.
NetworkResult simulate_network_with(const AccelConfig& config, const Network& network,
                                    ArrayPassRunner& runner);

}  // namespace apq::sim
