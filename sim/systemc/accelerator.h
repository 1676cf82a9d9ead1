#pragma once
#include <vector>

#include <systemc>

#include "sim/array_pass.h"
#include "sim/cycle/layer_stats.h"
#include "sim/cycle/network_plan.h"
#include "sim/systemc/array_unit.h"
#include "sim/systemc/buffer.h"
#include "sim/systemc/controller.h"
#include "sim/systemc/dma_engine.h"
#include "sim/systemc/job_view.h"

namespace apq::sim::systemc {

// The whole accelerator: DRAM interface, three double-buffered buffers, the array with its
// vector unit, and the controller. Elaborated once; the configuration is a parameter of each
// job, so one instance runs any number of layers and networks, one job after another.
class Accelerator : public sc_core::sc_module {
 public:
  explicit Accelerator(const sc_core::sc_module_name& name);

  // Simulates the job to its end and returns what each layer took. Rethrows an error of the
  // pass runner after the job has finished.
  std::vector<cycle::LayerStats> run(const cycle::Job& job, ArrayPassRunner* runner);

 private:
  LayerProgress progress_;
  DmaEngine dma_;
  Buffer wbuf_;
  Buffer ibuf_;
  Buffer obuf_;
  Controller controller_;
  ArrayUnit array_;
};

}  // namespace apq::sim::systemc
