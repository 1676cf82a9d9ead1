#include "sim/cycle/array_pipeline.h"

#include <algorithm>

namespace apq::sim::cycle {

PassWindow ArrayPipeline::schedule(std::int64_t steps, std::int64_t pass_cycles,
                                   std::int64_t operands_ready) {
  const std::int64_t load_start = std::max({bank_free_[bank_], port_free_, operands_ready});
  const std::int64_t loaded = load_start + rows_ * steps;
  PassWindow window;
  window.start = std::max(array_free_, loaded);
  window.end = window.start + pass_cycles;
  port_free_ = loaded;
  array_free_ = window.end;
  bank_free_[bank_] = window.end;
  bank_ ^= 1;
  return window;
}

void ArrayPipeline::hold_until(std::int64_t cycle) { array_free_ = std::max(array_free_, cycle); }

}  // namespace apq::sim::cycle
