#include "sim/systemc/dma_engine.h"

#include <algorithm>

#include "sim/systemc/time_base.h"

namespace apq::sim::systemc {

DmaEngine::DmaEngine(const sc_core::sc_module_name& name) : sc_core::sc_module(name) {
  SC_THREAD(serve);
}

void DmaEngine::start_job(std::int64_t bits_per_cycle, std::int64_t read_latency,
                          std::size_t layers) {
  bits_per_cycle_ = bits_per_cycle;
  read_latency_ = read_latency;
  requests_.clear();
  done_cycles_.clear();
  completed_ = 0;
  read_bits_.assign(layers, 0);
  write_bits_.assign(layers, 0);
}

DmaEngine::TransferId DmaEngine::read(std::size_t layer, std::int64_t bits) {
  return request({layer, false, bits, now_cycles(), nullptr, 0});
}

DmaEngine::TransferId DmaEngine::write(std::size_t layer, std::int64_t bits, Buffer* release,
                                       std::int64_t tile) {
  return request({layer, true, bits, now_cycles(), release, tile});
}

DmaEngine::TransferId DmaEngine::request(const Transfer& transfer) {
  requests_.push_back(transfer);
  requested_.notify();
  return requests_.size();
}

void DmaEngine::serve() {
  for (;;) {
    while (completed_ == requests_.size()) sc_core::wait(requested_);
    const Transfer transfer = requests_[completed_];
    const std::int64_t data_from =
        transfer.write ? now_cycles() : std::max(now_cycles(), transfer.requested + read_latency_);
    const std::int64_t done = data_from + (transfer.bits + bits_per_cycle_ - 1) / bits_per_cycle_;
    wait_until(done);
    if (transfer.write) {
      write_bits_[transfer.layer] += transfer.bits;
      if (transfer.release) transfer.release->release_half(transfer.tile);
    } else {
      read_bits_[transfer.layer] += transfer.bits;
    }
    done_cycles_.push_back(done);
    ++completed_;
    progress_.notify();
  }
}

}  // namespace apq::sim::systemc
