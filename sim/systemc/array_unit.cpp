#include "sim/systemc/array_unit.h"

#include <algorithm>

#include "rtl/golden_model.h"
#include "sim/systemc/time_base.h"

namespace apq::sim::systemc {

ArrayUnit::ArrayUnit(const sc_core::sc_module_name& name, Controller& controller, DmaEngine& dma,
                     Buffer& wbuf, Buffer& ibuf, Buffer& obuf, LayerProgress& progress)
    : sc_core::sc_module(name), controller_(controller), dma_(dma), wbuf_(wbuf), ibuf_(ibuf),
      obuf_(obuf), progress_(progress) {
  SC_THREAD(run);
}

void ArrayUnit::start_job(const JobView& job, std::vector<cycle::LayerStats>& stats) {
  job_ = &job;
  stats_ = &stats;
  job_done_ = false;
  error_ = nullptr;
  start_.notify(sc_core::SC_ZERO_TIME);
}

std::int64_t ArrayUnit::run_passes(const TileRef& ref, std::int64_t operands_ready,
                                   cycle::ArrayPipeline& pipeline, cycle::LayerStats& stats) {
  const cycle::Job& job = *job_->job;
  const cycle::TileStep& tile = *ref.tile;
  const rtl::ArrayShape shape{job.config.rows, job.config.cols};
  ArrayPass pass;
  pass.layer = ref.layer;
  pass.tile = &tile;
  std::int64_t end = pipeline.idle_from();
  for (pass.column_pass = 0; pass.column_pass < tile.column_passes; ++pass.column_pass) {
    const std::int64_t chunks = cycle::step_chunk_count(tile.steps, job.split.depth);
    for (std::int64_t chunk = 0; chunk < chunks; ++chunk) {
      const cycle::StepChunk steps = cycle::step_chunk(tile.steps, job.split.depth, chunk);
      pass.step_begin = steps.begin;
      pass.steps = steps.steps;
      for (pass.pixel_begin = 0; pass.pixel_begin < tile.pixels;
           pass.pixel_begin += job.split.max_pixels) {
        pass.pixels = std::min(job.split.max_pixels, tile.pixels - pass.pixel_begin);
        std::int64_t cycles = rtl::tile_cycles(shape, pass.pixels, pass.steps);
        if (job_->runner != nullptr && !error_) {
          try {
            cycles = job_->runner->run(pass);
          } catch (...) {
            error_ = std::current_exception();
          }
        }
        end = pipeline.schedule(pass.steps, cycles, operands_ready).end;
        stats.array_cycles += cycles;
        stats.fill_drain_cycles += cycles - pass.pixels * pass.steps;
        ++stats.passes;
      }
    }
  }
  return end;
}

void ArrayUnit::finish_layer(std::size_t layer, std::int64_t& previous_end) {
  const std::int64_t now = now_cycles();
  (*stats_)[layer].span_cycles = now - previous_end;
  previous_end = now;
  progress_.layers_finished = layer + 1;
  progress_.layer_finished.notify();
}

void ArrayUnit::run() {
  for (;;) {
    sc_core::wait(start_);
    const cycle::Job& job = *job_->job;
    cycle::ArrayPipeline pipeline(job.config.rows);
    std::int64_t previous_end = now_cycles();  // the job's start

    for (std::size_t i = 0; i < job_->tiles.size(); ++i) {
      const TileRef& ref = job_->tiles[i];
      const cycle::TileStep& tile = *ref.tile;
      cycle::LayerStats& stats = (*stats_)[ref.layer];
      while (!controller_.issued(i) || !dma_.done(controller_.last_load(i)))
        sc_core::wait(controller_.issued_event() | dma_.progress());
      const DmaEngine::TransferId load = controller_.last_load(i);
      const std::int64_t operands_ready =
          load != 0 ? dma_.done_cycle(load) : controller_.issue_cycle(i);

      // The array thread runs the stream in order: nothing of this tile starts before now.
      pipeline.hold_until(now_cycles());
      std::int64_t end = 0;
      if (tile.pixels > 0) {
        end = run_passes(ref, operands_ready, pipeline, stats);
      } else {
        end = std::max(now_cycles(), operands_ready) + tile.vector_cycles;
        stats.vector_cycles += tile.vector_cycles;
      }
      wait_until(end);
      ++stats.tiles;
      wbuf_.record(ref.layer, tile.sram.wbuf_read, tile.sram.wbuf_write);
      ibuf_.record(ref.layer, tile.sram.ibuf_read, tile.sram.ibuf_write);
      obuf_.record(ref.layer, tile.sram.obuf_read, tile.sram.obuf_write);

      const auto index = static_cast<std::int64_t>(i);
      wbuf_.release_half(index);
      ibuf_.release_half(index);
      if (tile.writeback_bits > 0)
        progress_.last_writeback[ref.layer] = dma_.write(ref.layer, tile.writeback_bits, &obuf_, index);
      else
        obuf_.release_half(index);
      if (ref.last_of_layer && ref.layer + 1 < job.layers.size())
        finish_layer(ref.layer, previous_end);
    }
    while (!dma_.idle()) sc_core::wait(dma_.progress());
    if (!job.layers.empty()) finish_layer(job.layers.size() - 1, previous_end);
    job_done_ = true;
  }
}

}  // namespace apq::sim::systemc
