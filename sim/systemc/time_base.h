#pragma once
#include <cstdint>

#include <systemc>

namespace apq::sim::systemc {

// SystemC time counts accelerator cycles, one nanosecond per cycle, so that one elaborated model
// runs configurations of any clock (latency = cycles / clock).
sc_core::sc_time cycles_to_time(std::int64_t cycles);

// The current simulation time in cycles.
std::int64_t now_cycles();

// Suspends the calling thread until cycle `cycle` (at once if it has passed).
void wait_until(std::int64_t cycle);

}  // namespace apq::sim::systemc
