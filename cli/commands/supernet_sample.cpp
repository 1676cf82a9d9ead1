// apq supernet sample: accuracy of random sub-networks, the fp32 accuracy predictor's data.
#include "cli/options.h"
#include "nn/process_memory.h"
#include "nn/supernet_jobs.h"
#include "nn/torch_threads.h"

namespace apq::cli {

int run_supernet_sample(const std::vector<std::string>& args) {
  po::options_description desc("options");
  desc.add_options()
      ("ckpt", po::value<std::string>()->required(), "supernet checkpoint (supernet.pt)")
      ("n", po::value<std::int64_t>()->required(), "number of sub-networks")
      ("seed", po::value<std::int64_t>()->default_value(0), "sampling seed")
      ("out", po::value<std::string>()->required(), "JSON-lines output, appended (resumes after its lines)")
      ("recal-images", po::value<std::int64_t>()->default_value(2000),
       "validation images for BN recalibration")
      ("val-images", po::value<std::int64_t>()->default_value(0),
       "validation images the accuracy is measured on (0 = all 10,000)")
      ("data-dir", po::value<std::string>()->default_value(""),
       "Fashion-MNIST IDX folder (default: Debian's dataset-fashion-mnist)");
  po::variables_map vm;
  if (!parse_options("supernet sample", "--ckpt C --n N --seed S --out archs.jsonl", args, desc, vm)) {
    return 0;
  }
  nn::SampleRequest request;
  request.checkpoint = vm["ckpt"].as<std::string>();
  request.count = int_option(vm, "n", 1, 1 << 24);
  request.seed = static_cast<std::uint64_t>(int_option(vm, "seed", 0, INT64_MAX));
  request.out_path = vm["out"].as<std::string>();
  request.recalibration_images = int_option(vm, "recal-images", 1, 1 << 20);
  request.validation_images = int_option(vm, "val-images", 0, 1 << 20);
  request.data_dir = vm["data-dir"].as<std::string>();
  nn::use_all_hardware_threads();
  nn::keep_freed_memory();
  nn::sample_subnets(request);
  return 0;
}

}  // namespace apq::cli
