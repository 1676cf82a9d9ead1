#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include <systemc>

namespace apq::sim::systemc {

// One on-chip buffer (WBUF, IBUF or OBUF), double-buffered: tile i uses half i % 2, so tile i may
// fill its half only once tile i - 2 has released it. Also counts the bits read from and written
// to the buffer, per layer of the running job.
class Buffer : public sc_core::sc_module {
 public:
  explicit Buffer(const sc_core::sc_module_name& name);

  void start_job(std::size_t layers);

  // Suspends the calling thread until half `tile % 2` is free for `tile`.
  void acquire_half(std::int64_t tile);
  // Tile `tile` is done with its half.
  void release_half(std::int64_t tile);

  void record(std::size_t layer, std::int64_t read_bits, std::int64_t write_bits);
  std::int64_t read_bits(std::size_t layer) const { return read_bits_[layer]; }
  std::int64_t write_bits(std::size_t layer) const { return write_bits_[layer]; }

 private:
  std::array<std::int64_t, 2> free_for_{};  // the first tile allowed to use each half
  sc_core::sc_event released_;
  std::vector<std::int64_t> read_bits_;
  std::vector<std::int64_t> write_bits_;
};

}  // namespace apq::sim::systemc
