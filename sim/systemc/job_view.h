#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include <systemc>

#include "sim/array_pass.h"
#include "sim/cycle/network_plan.h"
#include "sim/systemc/dma_engine.h"

namespace apq::sim::systemc {

// One tile of the job's stream: the layers' tiles back to back.
struct TileRef {
  std::size_t layer = 0;
  const cycle::TileStep* tile = nullptr;
  bool last_of_layer = false;
};

// The running job as the modules see it.
struct JobView {
  const cycle::Job* job = nullptr;
  std::vector<TileRef> tiles;
  ArrayPassRunner* runner = nullptr;  // null: passes take the RTL's closed-form cycles
};

// How far the array has got through the job's layers, for the controller: a layer's input may
// be fetched from DRAM once the previous layer's last write-back has completed.
struct LayerProgress {
  std::size_t layers_finished = 0;  // on the array, write-backs requested
  std::vector<DmaEngine::TransferId> last_writeback;  // per layer; 0 when none
  sc_core::sc_event layer_finished;
};

}  // namespace apq::sim::systemc
