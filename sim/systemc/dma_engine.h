#pragma once
#include <cstddef>
#include <cstdint>
#include <deque>
#include <vector>

#include <systemc>

#include "sim/systemc/buffer.h"

namespace apq::sim::systemc {

// The off-chip interface: transfers between DRAM and the buffers, one at a time in the order they
// were requested, `bits_per_cycle` bits per cycle. Reads are pipelined: a read's data arrives
// `read_latency` cycles after its request, or right after the previous transfer when the
// interface was busy that long. Writes are posted and stream at once.
class DmaEngine : public sc_core::sc_module {
 public:
  using TransferId = std::size_t;  // 1, 2, ... in request order; 0 means none
  SC_HAS_PROCESS(DmaEngine);
  explicit DmaEngine(const sc_core::sc_module_name& name);

  void start_job(std::int64_t bits_per_cycle, std::int64_t read_latency, std::size_t layers);

  TransferId read(std::size_t layer, std::int64_t bits);
  // A write-back from the OBUF; when it completes, `tile` releases its half of `release`.
  TransferId write(std::size_t layer, std::int64_t bits, Buffer* release, std::int64_t tile);

  bool done(TransferId id) const { return id <= completed_; }
  std::int64_t done_cycle(TransferId id) const { return done_cycles_[id - 1]; }
  bool idle() const { return completed_ == requests_.size(); }
  // Notified whenever a transfer completes.
  const sc_core::sc_event& progress() const { return progress_; }

  std::int64_t read_bits(std::size_t layer) const { return read_bits_[layer]; }
  std::int64_t write_bits(std::size_t layer) const { return write_bits_[layer]; }

 private:
  struct Transfer {
    std::size_t layer = 0;
    bool write = false;
    std::int64_t bits = 0;
    std::int64_t requested = 0;  // cycle
    Buffer* release = nullptr;
    std::int64_t tile = 0;
  };

  TransferId request(const Transfer& transfer);
  void serve();

  std::int64_t bits_per_cycle_ = 1;
  std::int64_t read_latency_ = 0;
  std::vector<Transfer> requests_;
  std::vector<std::int64_t> done_cycles_;
  std::size_t completed_ = 0;
  sc_core::sc_event requested_;
  sc_core::sc_event progress_;
  std::vector<std::int64_t> read_bits_;
  std::vector<std::int64_t> write_bits_;
};

}  // namespace apq::sim::systemc
