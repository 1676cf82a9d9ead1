#pragma once
#include <vector>

#include "sim/array_pass.h"
#include "sim/cycle/layer_stats.h"
#include "sim/cycle/network_plan.h"

namespace apq::sim::systemc {

// Runs a job on the process's accelerator model. SystemC allows one kernel per process and
// elaborates it once, so the model is built on first use and then serves every job; not
// thread-safe (parallelise with processes).
std::vector<cycle::LayerStats> run_job(const cycle::Job& job, ArrayPassRunner* runner);

}  // namespace apq::sim::systemc
