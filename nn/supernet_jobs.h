#pragma once
#include <cstdint>
#include <string>

// The supernet's jobs as the CLI runs them. Torch-free on purpose: the CLI includes this and
// nothing else from nn/.
namespace apq::nn {

// `data_dir` empty: Debian's Fashion-MNIST files.
struct TrainRequest {
  std::string space_path;
  std::string training_config_path;
  std::string out_dir;
  bool resume = false;
  std::int64_t stop_after_epochs = 0;  // > 0: stop (checkpointed) after this many epochs of this call
  std::string data_dir;
};

// Progressive shrinking (nn/README.md). Writes out_dir/checkpoint.pt after every epoch,
// out_dir/train_log.csv, and at the end out_dir/supernet.pt (the model without optimizer state)
// and out_dir/training_config.json. Throws apq::InputError for bad input, including an out_dir
// that already holds a run when resume is off, or a run of another space or config.
void train_supernet(const TrainRequest& request);

enum class SubnetChoice { ConfigFile, Largest, Smallest };

struct EvalRequest {
  std::string checkpoint;
  SubnetChoice choice = SubnetChoice::Largest;
  std::string config_path;  // ConfigFile only
  std::int64_t recalibration_images = 2000;
  std::string data_dir;
};

struct EvalResult {
  std::string space_name;
  std::string config_json;  // APQ spec
  double test_top1 = 0;     // fraction
  std::int64_t test_images = 0;
  std::int64_t recalibration_images = 0;
};

// BN recalibration on validation images, then top-1 on the test set.
EvalResult evaluate_supernet(const EvalRequest& request);

struct SampleRequest {
  std::string checkpoint;
  std::int64_t count = 0;
  std::uint64_t seed = 0;
  std::string out_path;  // JSON lines, appended; lines already there are kept (resume)
  std::int64_t recalibration_images = 2000;
  std::int64_t validation_images = 0;  // 0: the whole validation part
  std::string data_dir;
};

// Samples `count` sub-networks (seeded) and appends {"config", "accuracy"} per line, accuracy
// measured on the validation part after BN recalibration. Resumes after the lines present.
void sample_subnets(const SampleRequest& request);

}  // namespace apq::nn
