#include "sim/systemc/controller.h"

#include "sim/systemc/time_base.h"

namespace apq::sim::systemc {

Controller::Controller(const sc_core::sc_module_name& name, DmaEngine& dma, Buffer& wbuf,
                       Buffer& ibuf, Buffer& obuf, LayerProgress& progress)
    : sc_core::sc_module(name), dma_(dma), wbuf_(wbuf), ibuf_(ibuf), obuf_(obuf),
      progress_(progress) {
  SC_THREAD(run);
}

void Controller::start_job(const JobView& job) {
  job_ = &job;
  issued_ = 0;
  issue_cycles_.assign(job.tiles.size(), 0);
  last_loads_.assign(job.tiles.size(), 0);
  start_.notify(sc_core::SC_ZERO_TIME);
}

void Controller::wait_for_input_of(std::size_t layer) {
  if (layer == 0) return;
  const std::size_t previous = layer - 1;
  for (;;) {
    if (progress_.layers_finished > previous &&
        dma_.done(progress_.last_writeback[previous]))
      return;
    sc_core::wait(progress_.layer_finished | dma_.progress());
  }
}

void Controller::run() {
  for (;;) {
    sc_core::wait(start_);
    for (std::size_t i = 0; i < job_->tiles.size(); ++i) {
      const TileRef& ref = job_->tiles[i];
      const cycle::TileStep& tile = *ref.tile;
      const auto index = static_cast<std::int64_t>(i);
      // Each buffer's half is claimed on its own, so a load does not wait for another buffer.
      DmaEngine::TransferId last = 0;
      wbuf_.acquire_half(index);
      if (tile.weight_load_bits > 0) last = dma_.read(ref.layer, tile.weight_load_bits);
      ibuf_.acquire_half(index);
      if (tile.activation_load_bits > 0) {
        wait_for_input_of(ref.layer);
        last = dma_.read(ref.layer, tile.activation_load_bits);
      }
      obuf_.acquire_half(index);
      if (tile.psum_load_bits > 0) last = dma_.read(ref.layer, tile.psum_load_bits);
      issue_cycles_[i] = now_cycles();
      last_loads_[i] = last;
      issued_ = i + 1;
      issued_event_.notify();
    }
  }
}

}  // namespace apq::sim::systemc
