// apq predictor train: the accuracy predictor (fp32 or quantization-aware) from JSON-lines
// samples, written as the plain file the search reads. Runs in apq-nn (LibTorch).
#include <cstdio>

#include "cli/options.h"
#include "common/errors.h"
#include "common/progress.h"
#include "nn/torch_threads.h"
#include "search/predictor/training/predictor_training.h"

namespace apq::cli {
namespace {

void print_quality(const char* part, const search::PredictorQuality& q) {
  if (q.samples == 0) return;
  std::printf("%-10s %6zu samples  RMSE %.4f  pairwise accuracy %.4f  Kendall tau %.4f\n", part, q.samples, q.rmse,
              q.pairwise_accuracy, q.kendall_tau);
}

}  // namespace

int run_predictor_train(const std::vector<std::string>& args) {
  po::options_description desc("options");
  desc.add_options()
      ("space", po::value<std::string>()->required(), "search space of the samples")
      ("data", po::value<std::string>()->required(), "samples: JSON lines {\"config\", \"accuracy\"}")
      ("kind", po::value<std::string>()->required(), "fp32 (architecture) or quant (architecture and policy)")
      ("init", po::value<std::string>(), "trained fp32 predictor file initialising the shared layers")
      ("out", po::value<std::string>()->required(), "predictor file to write (plain text, search/README.md)")
      ("hidden", po::value<std::int64_t>()->default_value(400), "hidden width")
      ("epochs", po::value<std::int64_t>()->default_value(200), "epochs")
      ("batch", po::value<std::int64_t>()->default_value(256), "batch size")
      ("lr", po::value<double>()->default_value(1e-3), "Adam learning rate")
      ("val-fraction", po::value<double>()->default_value(0.2), "share of the samples held out for validation")
      ("seed", po::value<std::int64_t>()->default_value(1), "seed of the split, the order and the initialisation");
  po::variables_map vm;
  if (!parse_options("predictor train", "--space FILE --data samples.jsonl --kind fp32|quant [--init fp32.txt] --out P",
                     args, desc, vm))
    return 0;
  search::PredictorTrainRequest request;
  request.space_path = vm["space"].as<std::string>();
  request.data_path = vm["data"].as<std::string>();
  const std::string kind = vm["kind"].as<std::string>();
  if (kind != "fp32" && kind != "quant") throw UsageError("--kind must be fp32 or quant, got '" + kind + "'");
  request.kind = kind == "quant" ? search::PredictorKind::Quant : search::PredictorKind::Fp32;
  if (vm.count("init")) request.init_path = vm["init"].as<std::string>();
  request.out_path = vm["out"].as<std::string>();
  request.hidden = static_cast<int>(int_option(vm, "hidden", 1, 4096));
  request.epochs = static_cast<int>(int_option(vm, "epochs", 0, 1000000));
  request.batch = static_cast<int>(int_option(vm, "batch", 1, 1 << 20));
  request.learning_rate = vm["lr"].as<double>();
  if (!(request.learning_rate > 0.0)) throw UsageError("--lr must be positive");
  request.validation_fraction = vm["val-fraction"].as<double>();
  if (!(request.validation_fraction >= 0.0 && request.validation_fraction < 1.0))
    throw UsageError("--val-fraction must be in [0, 1)");
  request.seed = static_cast<std::uint64_t>(int_option(vm, "seed", 0, INT64_MAX));
  nn::use_all_hardware_threads();

  Progress progress("training", request.epochs, "epochs");
  const search::PredictorTrainResult result =
      search::train_predictor(request, [&](int, double) { progress.advance(); });
  progress.finish();
  print_quality("train", result.train);
  print_quality("validation", result.validation);
  std::printf("written %s\n", request.out_path.c_str());
  return 0;
}

}  // namespace apq::cli
