// apq search --co-design: the accelerator's parameters searched together with the network.
#include <iostream>

#include "cli/apq_nn.h"
#include "cli/options.h"
#include "cli/output.h"
#include "common/progress.h"
#include "sweep/codesign.h"

namespace apq::cli {

int run_search_codesign(const std::vector<std::string>& args) {
  po::options_description desc("options");
  desc.add_options()
      ("co-design", po::value<std::string>()->required(),
       "sweep file (sweep/README.md): the base accelerator, the variants (the hardware genes), space, predictor, "
       "latency bounds, area budget, seed, population, generations")
      ("out", po::value<std::string>()->required(), "folder of the variants' accelerator files and LUTs (kept for a "
                                                    "later run)")
      ("top", po::value<std::int64_t>()->default_value(5), "distinct (accelerator, network) pairs printed per bound")
      ("jobs", po::value<std::int64_t>()->default_value(0), "LUT build workers (0: every core)");
  add_output_option(desc);
  po::variables_map vm;
  if (!parse_options("search", "--co-design SWEEP --out DIR [--top K] [--jobs N] [--output FILE]", args, desc, vm))
    return 0;
  sweep::CodesignRequest request;
  request.config = sweep::load_sweep_config(vm["co-design"].as<std::string>());
  request.out_dir = vm["out"].as<std::string>();
  request.top = static_cast<int>(int_option(vm, "top", 1, 1000));
  request.jobs = static_cast<int>(int_option(vm, "jobs", 0, 256));
  request.apq = this_executable();
  Progress progress("co-design evolution",
                    static_cast<std::int64_t>(request.config.latency_ms.size()) * (request.config.generations + 1),
                    "generations");
  const sweep::CodesignResult result = sweep::run_codesign(request, [&] { progress.advance(); });
  progress.finish();
  std::cerr << "co-design: " << result.variants.size() << " of " << request.config.variants.size()
            << " variants asked for, " << result.luts_built << " LUTs built, " << result.predictions
            << " networks scored\n";
  write_result(vm, sweep::codesign_json(request, result).dump(2) + "\n");
  return 0;
}

}  // namespace apq::cli
