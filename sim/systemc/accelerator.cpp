#include "sim/systemc/accelerator.h"

#include <stdexcept>

namespace apq::sim::systemc {

Accelerator::Accelerator(const sc_core::sc_module_name& name)
    : sc_core::sc_module(name),
      dma_("dma"),
      wbuf_("wbuf"),
      ibuf_("ibuf"),
      obuf_("obuf"),
      controller_("controller", dma_, wbuf_, ibuf_, obuf_, progress_),
      array_("array", controller_, dma_, wbuf_, ibuf_, obuf_, progress_) {}

std::vector<cycle::LayerStats> Accelerator::run(const cycle::Job& job, ArrayPassRunner* runner) {
  const std::size_t layers = job.layers.size();
  JobView view;
  view.job = &job;
  view.runner = runner;
  for (std::size_t layer = 0; layer < layers; ++layer) {
    const std::vector<cycle::TileStep>& tiles = job.layers[layer].tiles;
    for (std::size_t t = 0; t < tiles.size(); ++t)
      view.tiles.push_back({layer, &tiles[t], t + 1 == tiles.size()});
  }
  std::vector<cycle::LayerStats> stats(layers);
  if (view.tiles.empty()) return stats;

  progress_.layers_finished = 0;
  progress_.last_writeback.assign(layers, 0);
  dma_.start_job(job.config.interface_bits_per_cycle, job.config.dram_latency_cycles, layers);
  wbuf_.start_job(layers);
  ibuf_.start_job(layers);
  obuf_.start_job(layers);
  controller_.start_job(view);
  array_.start_job(view, stats);
  // Every process ends the job waiting for the next one, so the simulation starves and returns.
  sc_core::sc_start();
  if (!array_.job_done()) throw std::logic_error("accelerator model stopped before the job ended");
  if (array_.error()) std::rethrow_exception(array_.error());

  for (std::size_t layer = 0; layer < layers; ++layer) {
    cycle::LayerStats& s = stats[layer];
    s.dram_read_bits = dma_.read_bits(layer);
    s.dram_write_bits = dma_.write_bits(layer);
    s.sram.wbuf_read = wbuf_.read_bits(layer);
    s.sram.wbuf_write = wbuf_.write_bits(layer);
    s.sram.ibuf_read = ibuf_.read_bits(layer);
    s.sram.ibuf_write = ibuf_.write_bits(layer);
    s.sram.obuf_read = obuf_.read_bits(layer);
    s.sram.obuf_write = obuf_.write_bits(layer);
  }
  return stats;
}

}  // namespace apq::sim::systemc
