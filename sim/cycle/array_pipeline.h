#pragma once
#include <array>
#include <cstdint>

namespace apq::sim::cycle {

// When a pass runs: from its start cycle to the cycle after its done cycle.
struct PassWindow {
  std::int64_t start = 0;
  std::int64_t end = 0;
};

// The timing of the fusion array's passes (rtl/README.md, tile protocol): each unit has two
// weight banks; a pass's weights go through the load port, one row per cycle and reduction step,
// into the bank the previous-but-one pass used, while the previous pass computes from the other.
// A pass starts once its bank is loaded and the array is idle, and runs for its RTL cycle count
// (start to done, both included); a new start is accepted the cycle after done.
class ArrayPipeline {
 public:
  explicit ArrayPipeline(std::int64_t rows) : rows_(rows) {}

  // Schedules the next pass of `steps` reduction steps taking `pass_cycles`, whose operands are
  // in the buffers from cycle `operands_ready`.
  PassWindow schedule(std::int64_t steps, std::int64_t pass_cycles, std::int64_t operands_ready);

  // The cycle after the last pass's done cycle.
  std::int64_t idle_from() const { return array_free_; }

  // No pass starts before `cycle`.
  void hold_until(std::int64_t cycle);

 private:
  std::int64_t rows_;
  std::int64_t array_free_ = 0;
  std::int64_t port_free_ = 0;
  std::array<std::int64_t, 2> bank_free_{};
  int bank_ = 0;
};

}  // namespace apq::sim::cycle
