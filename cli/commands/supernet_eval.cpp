// apq supernet eval: test top-1 of one sub-network of a trained supernet.
#include <cstdio>

#include <nlohmann/json.hpp>

#include "cli/options.h"
#include "cli/output.h"
#include "common/errors.h"
#include "nn/process_memory.h"
#include "nn/supernet_jobs.h"
#include "nn/torch_threads.h"

namespace apq::cli {

int run_supernet_eval(const std::vector<std::string>& args) {
  po::options_description desc("options");
  desc.add_options()
      ("ckpt", po::value<std::string>()->required(), "supernet checkpoint (supernet.pt or checkpoint.pt)")
      ("config", po::value<std::string>(), "sub-network config (APQ spec JSON)")
      ("largest", "the largest sub-network")
      ("smallest", "the smallest sub-network")
      ("recal-images", po::value<std::int64_t>()->default_value(2000),
       "validation images for BN recalibration")
      ("data-dir", po::value<std::string>()->default_value(""),
       "Fashion-MNIST IDX folder (default: Debian's dataset-fashion-mnist)")
      ("json", "print the result as JSON");
  add_output_option(desc);
  po::variables_map vm;
  if (!parse_options("supernet eval", "--ckpt C (--config subnet.json | --largest | --smallest) [--json]",
                     args, desc, vm)) {
    return 0;
  }
  nn::EvalRequest request;
  request.checkpoint = vm["ckpt"].as<std::string>();
  const int choices = static_cast<int>(vm.count("config") + vm.count("largest") + vm.count("smallest"));
  if (choices != 1) throw UsageError("give exactly one of --config, --largest and --smallest");
  if (vm.count("config")) {
    request.choice = nn::SubnetChoice::ConfigFile;
    request.config_path = vm["config"].as<std::string>();
  } else {
    request.choice = vm.count("largest") ? nn::SubnetChoice::Largest : nn::SubnetChoice::Smallest;
  }
  request.recalibration_images = int_option(vm, "recal-images", 1, 1 << 20);
  request.data_dir = vm["data-dir"].as<std::string>();
  nn::use_all_hardware_threads();
  nn::keep_freed_memory();
  const nn::EvalResult result = nn::evaluate_supernet(request);
  if (vm.count("json")) {
    nlohmann::ordered_json out;
    out["checkpoint"] = request.checkpoint;
    out["space"] = result.space_name;
    out["config"] = nlohmann::json::parse(result.config_json);
    out["test_top1"] = result.test_top1;
    out["test_images"] = result.test_images;
    out["recalibration_images"] = result.recalibration_images;
    write_result(vm, out.dump(2) + "\n");
  } else {
    char line[160];
    std::snprintf(line, sizeof line, "test top-1 %.2f%% (%lld test images; BN recalibrated on %lld validation images)\n",
                  100.0 * result.test_top1, static_cast<long long>(result.test_images),
                  static_cast<long long>(result.recalibration_images));
    write_result(vm, "space " + result.space_name + "\nconfig " + result.config_json + "\n" + line);
  }
  return 0;
}

}  // namespace apq::cli
