#include "cli/sim_options.h"

#include <string>

#include "common/errors.h"

namespace apq::cli {

sim::TimingMode timing_mode_option(const po::variables_map& vm) {
  const std::string mode = vm["mode"].as<std::string>();
  try {
    return sim::parse_timing_mode(mode);
  } catch (const InputError&) {
    throw UsageError("--mode must be 'cycle' or 'reference', got '" + mode + "'");
  }
}

}  // namespace apq::cli
