#include "sim/systemc/kernel.h"

#include <systemc>

#include "sim/systemc/accelerator.h"

namespace apq::sim::systemc {

namespace {

Accelerator& accelerator() {
  static Accelerator* const instance = [] {
    auto* top = new Accelerator("apq_accelerator");
    // Runs every process to its first wait, so that the first job's start events are seen.
    sc_core::sc_start(sc_core::SC_ZERO_TIME);
    return top;
  }();
  return *instance;
}

}  // namespace

std::vector<cycle::LayerStats> run_job(const cycle::Job& job, ArrayPassRunner* runner) {
  return accelerator().run(job, runner);
}

}  // namespace apq::sim::systemc
