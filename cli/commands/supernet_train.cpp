// apq supernet train: once-for-all progressive shrinking of a space's supernet on Fashion-MNIST.
#include "cli/options.h"
#include "nn/process_memory.h"
#include "nn/supernet_jobs.h"
#include "nn/torch_threads.h"

namespace apq::cli {

int run_supernet_train(const std::vector<std::string>& args) {
  po::options_description desc("options");
  desc.add_options()
      ("space", po::value<std::string>()->required(), "search space (configs/spaces/*.json)")
      ("train-config", po::value<std::string>()->required(), "training config (configs/training/*.json)")
      ("out", po::value<std::string>()->required(), "run folder: checkpoint.pt, train_log.csv, supernet.pt")
      ("resume", "continue the run in --out from its last checkpoint")
      ("stop-after", po::value<std::int64_t>()->default_value(0),
       "stop after this many epochs (checkpointed; 0 = run to the end)")
      ("data-dir", po::value<std::string>()->default_value(""),
       "Fashion-MNIST IDX folder (default: Debian's dataset-fashion-mnist)");
  po::variables_map vm;
  if (!parse_options("supernet train",
                     "--space S --train-config T --out DIR [--resume] [--stop-after N]", args, desc, vm)) {
    return 0;
  }
  nn::TrainRequest request;
  request.space_path = vm["space"].as<std::string>();
  request.training_config_path = vm["train-config"].as<std::string>();
  request.out_dir = vm["out"].as<std::string>();
  request.resume = vm.count("resume") > 0;
  request.stop_after_epochs = int_option(vm, "stop-after", 0, 1 << 20);
  request.data_dir = vm["data-dir"].as<std::string>();
  nn::use_all_hardware_threads();
  nn::keep_freed_memory();
  nn::train_supernet(request);
  return 0;
}

}  // namespace apq::cli
