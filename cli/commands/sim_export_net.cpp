// apq sim export-net: the network file of a sub-network configuration of a search space, for
// apq sim net; optionally also the sub-network as APQ's arch file, for APQ's own scripts.
#include <random>
#include <string>

#include "cli/options.h"
#include "cli/output.h"
#include "calibration/accelerator_network.h"
#include "common/atomic_file.h"
#include "common/errors.h"
#include "search/space/apq_arch_file.h"
#include "search/space/config_file.h"
#include "search/space/config_sampling.h"
#include "search/space/space_file.h"
#include "sim/network_file.h"

namespace apq::cli {

int run_sim_export_net(const std::vector<std::string>& args) {
  po::options_description desc("options");
  desc.add_options()
      ("space", po::value<std::string>()->required(), "search space (configs/spaces/*.json)")
      ("config", po::value<std::string>(), "sub-network configuration (APQ spec JSON)")
      ("largest", "every choice at its largest")
      ("smallest", "every choice at its smallest")
      ("random", po::value<std::int64_t>(), "a random configuration with this seed")
      ("apq-arch", po::value<std::string>(),
       "also write the sub-network as APQ's exps/NAME/arch file (for its quant_aware.py and test.py)");
  add_output_option(desc);
  po::variables_map vm;
  if (!parse_options("sim export-net",
                     "--space FILE (--config FILE | --largest | --smallest | --random SEED) "
                     "[--output FILE] [--apq-arch FILE]",
                     args, desc, vm)) {
    return 0;
  }
  const int sources = static_cast<int>(vm.count("config") + vm.count("largest") +
                                       vm.count("smallest") + vm.count("random"));
  if (sources != 1)
    throw UsageError("give exactly one of --config, --largest, --smallest, --random");
  const search::Space space = search::load_space(vm["space"].as<std::string>());
  search::SubnetConfig config;
  std::string name = space.name;
  if (vm.count("config")) {
    config = search::load_config(space, vm["config"].as<std::string>());
    name += " " + vm["config"].as<std::string>();
  } else if (vm.count("largest")) {
    config = search::largest_config(space);
    name += " largest";
  } else if (vm.count("smallest")) {
    config = search::smallest_config(space);
    name += " smallest";
  } else {
    const auto seed = int_option(vm, "random", 0, INT64_MAX);
    std::mt19937_64 rng(static_cast<std::uint64_t>(seed));
    config = search::random_config(space, rng);
    name += " random " + std::to_string(seed);
  }
  // Built before anything is written, so that a space APQ's scripts cannot use leaves no file.
  std::string arch_text;
  if (vm.count("apq-arch")) arch_text = search::apq_arch_text(space, config);
  write_result(vm, sim::network_to_json(calibration::network_of(space, config, name)));
  if (vm.count("apq-arch")) write_file_atomically(vm["apq-arch"].as<std::string>(), arch_text);
  return 0;
}

}  // namespace apq::cli
