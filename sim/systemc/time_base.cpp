#include "sim/systemc/time_base.h"

namespace apq::sim::systemc {

sc_core::sc_time cycles_to_time(std::int64_t cycles) {
  return sc_core::sc_time(static_cast<double>(cycles), sc_core::SC_NS);
}

std::int64_t now_cycles() {
  static const sc_dt::uint64 per_cycle = sc_core::sc_time(1, sc_core::SC_NS).value();
  return static_cast<std::int64_t>(sc_core::sc_time_stamp().value() / per_cycle);
}

void wait_until(std::int64_t cycle) {
  const std::int64_t now = now_cycles();
  if (cycle > now) sc_core::wait(cycles_to_time(cycle - now));
}

}  // namespace apq::sim::systemc
