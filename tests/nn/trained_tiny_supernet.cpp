#include "tests/nn/trained_tiny_supernet.h"

#include <unistd.h>

#include <fstream>

#include "nn/supernet_jobs.h"
#include "tests/nn/supernet_test_support.h"

namespace apq::nn::testing {

namespace fs = std::filesystem;

fs::path TrainedTinySupernet::dir_;

void TrainedTinySupernet::SetUpTestSuite() {
  dir_ = fs::temp_directory_path() / ("apq_quant_" + std::to_string(::getpid()));
  fs::remove_all(dir_);
  fs::create_directories(dir_);
  std::ofstream(dir_ / "space.json") << tiny_space_json(28, 2);
  std::ofstream(dir_ / "training.json") << R"({
    "seed": 5, "batch_size": 32, "steps_per_epoch": 40, "validation_images": 64, "recalibration_images": 64,
    "phases": [{"name": "largest", "epochs": 2, "lr": 0.05}]})";
  TrainRequest request;
  request.space_path = (dir_ / "space.json").string();
  request.training_config_path = (dir_ / "training.json").string();
  request.out_dir = (dir_ / "run").string();
  train_supernet(request);
}

void TrainedTinySupernet::TearDownTestSuite() { fs::remove_all(dir_); }

std::string TrainedTinySupernet::checkpoint() { return (dir_ / "run" / "supernet.pt").string(); }

QuantSampleRequest TrainedTinySupernet::small_sample(std::uint64_t seed) {
  QuantSampleRequest sample;
  sample.checkpoint = checkpoint();
  sample.seed = seed;
  sample.recipe.recalibration_images = 64;
  sample.recipe.calibration_images = 32;
  sample.validation_images = 64;
  return sample;
}

}  // namespace apq::nn::testing
