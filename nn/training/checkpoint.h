#pragma once
#include <torch/optim/sgd.h>

#include <cstdint>
#include <optional>
#include <string>

#include "nn/supernet/subnet.h"
#include "nn/supernet/supernet.h"

namespace apq::nn {

// Where a training run stands: the next epoch to run is epoch `epoch_in_phase` of phase `phase`
// (phase == number of phases: finished).
struct TrainingProgress {
  std::int64_t phase = 0;
  std::int64_t epoch_in_phase = 0;
  std::int64_t global_epoch = 0;
  double train_seconds = 0;  // wall time spent training so far, over all sessions
};

// A checkpoint is one file (written atomically) that describes itself: the space file's JSON,
// the training config's JSON, the progress, the supernet, and during training the optimizer and
// the distillation teacher. A finished model is the same without the last two.
struct Checkpoint {
  std::string space_json;
  std::string training_config_json;
  TrainingProgress progress;
  Supernet supernet{nullptr};
  Subnet teacher{nullptr};                   // absent before the first distillation phase
  torch::optim::SGD* optimizer = nullptr;    // saved when set; see load_optimizer_state
};

void save_checkpoint(const Checkpoint& checkpoint, const std::string& path);

// Loads everything but the optimizer state (which needs an optimizer over the loaded
// supernet's parameters: load_optimizer_state). Throws apq::InputError naming the file when it
// is missing or not an apq checkpoint.
Checkpoint load_checkpoint(const std::string& path);

// Whether the checkpoint at `path` holds optimizer state; loads it into `optimizer` if so.
bool load_optimizer_state(const std::string& path, torch::optim::SGD& optimizer);

}  // namespace apq::nn
