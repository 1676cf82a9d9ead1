#include "sim/systemc/buffer.h"

namespace apq::sim::systemc {

Buffer::Buffer(const sc_core::sc_module_name& name) : sc_core::sc_module(name) {}

void Buffer::start_job(std::size_t layers) {
  free_for_ = {0, 1};
  read_bits_.assign(layers, 0);
  write_bits_.assign(layers, 0);
}

void Buffer::acquire_half(std::int64_t tile) {
  while (free_for_[tile % 2] < tile) sc_core::wait(released_);
}

void Buffer::release_half(std::int64_t tile) {
  free_for_[tile % 2] = tile + 2;
  released_.notify();
}

void Buffer::record(std::size_t layer, std::int64_t read_bits, std::int64_t write_bits) {
  read_bits_[layer] += read_bits;
  write_bits_[layer] += write_bits;
}

}  // namespace apq::sim::systemc
