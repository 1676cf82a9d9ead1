#pragma once
#include <cstddef>
#include <cstdint>
#include <exception>
#include <vector>

#include <systemc>

#include "sim/cycle/array_pipeline.h"
#include "sim/cycle/layer_stats.h"
#include "sim/systemc/buffer.h"
#include "sim/systemc/controller.h"
#include "sim/systemc/dma_engine.h"
#include "sim/systemc/job_view.h"

namespace apq::sim::systemc {

// The fusion-unit array and the vector unit behind it. Takes the tiles in stream order once
// their loads are in, runs each array tile as RTL passes (cycle/array_pipeline.h: weight-bank
// loads overlapping the previous pass, each pass's fill and drain from the RTL), releases the
// tile's buffer halves, and requests its write-back.
class ArrayUnit : public sc_core::sc_module {
 public:
  SC_HAS_PROCESS(ArrayUnit);
  ArrayUnit(const sc_core::sc_module_name& name, Controller& controller, DmaEngine& dma,
            Buffer& wbuf, Buffer& ibuf, Buffer& obuf, LayerProgress& progress);

  void start_job(const JobView& job, std::vector<cycle::LayerStats>& stats);

  bool job_done() const { return job_done_; }
  // The first error a pass runner threw; the job then finishes on closed-form pass cycles.
  std::exception_ptr error() const { return error_; }

 private:
  void run();
  // Runs the passes of an array tile from `operands_ready` on; returns the cycle it ends.
  std::int64_t run_passes(const TileRef& ref, std::int64_t operands_ready,
                          cycle::ArrayPipeline& pipeline, cycle::LayerStats& stats);
  // Closes `layer`'s share of the job: from `previous_end` (updated) to now.
  void finish_layer(std::size_t layer, std::int64_t& previous_end);

  Controller& controller_;
  DmaEngine& dma_;
  Buffer& wbuf_;
  Buffer& ibuf_;
  Buffer& obuf_;
  LayerProgress& progress_;
  const JobView* job_ = nullptr;
  std::vector<cycle::LayerStats>* stats_ = nullptr;
  sc_core::sc_event start_;
  bool job_done_ = false;
  std::exception_ptr error_;
};

}  // namespace apq::sim::systemc
