#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include <systemc>

#include "sim/systemc/buffer.h"
#include "sim/systemc/dma_engine.h"
#include "sim/systemc/job_view.h"

namespace apq::sim::systemc {

// Walks the job's tile stream ahead of the array: as soon as a tile's half of a buffer is free,
// requests the tile's DRAM load into it, so that loads overlap the previous tile's compute
// (double buffering). Weights go first, so the next layer's weights are prefetched while the
// current layer computes; a tile's activations wait until the previous layer's outputs are in
// DRAM; partial sums wait for the OBUF half, which the write-back of the tile before last frees.
class Controller : public sc_core::sc_module {
 public:
  SC_HAS_PROCESS(Controller);
  Controller(const sc_core::sc_module_name& name, DmaEngine& dma, Buffer& wbuf, Buffer& ibuf,
             Buffer& obuf, LayerProgress& progress);

  void start_job(const JobView& job);

  bool issued(std::size_t tile) const { return tile < issued_; }
  std::int64_t issue_cycle(std::size_t tile) const { return issue_cycles_[tile]; }
  // The tile's last load (0 when it loads nothing); loads complete in request order.
  DmaEngine::TransferId last_load(std::size_t tile) const { return last_loads_[tile]; }
  const sc_core::sc_event& issued_event() const { return issued_event_; }

 private:
  void run();
  void wait_for_input_of(std::size_t layer);

  DmaEngine& dma_;
  Buffer& wbuf_;
  Buffer& ibuf_;
  Buffer& obuf_;
  LayerProgress& progress_;
  const JobView* job_ = nullptr;
  sc_core::sc_event start_;
  std::size_t issued_ = 0;
  std::vector<std::int64_t> issue_cycles_;
  std::vector<DmaEngine::TransferId> last_loads_;
  sc_core::sc_event issued_event_;
};

}  // namespace apq::sim::systemc
