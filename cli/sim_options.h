#pragma once
#include "cli/options.h"
#include "sim/sim_result.h"

namespace apq::cli {

// The --mode option of the sim commands: cycle or reference; throws UsageError naming it.
sim::TimingMode timing_mode_option(const po::variables_map& vm);

}  // namespace apq::cli
