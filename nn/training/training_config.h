#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace apq::nn {

// One phase of progressive shrinking: which choices of the space its sampled sub-networks may
// take. The largest `kernel_top` kernels and `depth_top` depths of each stage, and per block the
// largest ceil(mid_fraction * n) of its n mid-channel choices (at least the largest one), so
// phase by phase the sampled networks reach down to the smallest.
struct PhaseConfig {
  std::string name;
  std::int64_t epochs = 1;
  double lr = 0.1;               // peak learning rate; cosine decay to 0 over the phase
  std::int64_t warmup_epochs = 0;  // linear warm-up from 0 at the start of the phase
  int kernel_top = 1;
  int depth_top = 1;
  double mid_fraction = 0.0;     // 0: the largest mid channels only
  int subnets_per_step = 1;      // random sub-networks whose gradients add up in one SGD step
  // The sandwich rule (BigNAS): each step also trains the phase's largest and/or smallest
  // sub-network, so the extremes of the space are trained at every step, not only when drawn.
  bool include_largest = false;
  bool include_smallest = false;
  // Soft targets from the largest network: frozen at the first distilling phase's start, or,
  // when the step trains the largest itself (include_largest), that step's own output.
  bool distill = false;
};

// A supernet training run (apq supernet train --train-config): the shared recipe and its
// phases in order.
struct TrainingConfig {
  std::uint64_t seed = 0;
  std::int64_t batch_size = 128;
  double momentum = 0.9;
  bool nesterov = true;
  double weight_decay = 3e-5;    // not applied to BN parameters and biases
  double label_smoothing = 0.1;
  double distill_weight = 1.0;   // weight of the distillation loss next to the label loss
  std::int64_t crop_padding = 2;
  bool horizontal_flip = true;
  std::int64_t recalibration_images = 2000;  // validation images for BN recalibration
  // For quick runs (tests, smoke checks): 0 means a whole epoch / the whole validation part.
  std::int64_t steps_per_epoch = 0;
  std::int64_t validation_images = 0;
  std::vector<PhaseConfig> phases;
};

// Reads and validates a training config; unknown keys and bad values throw apq::InputError
// naming the file, field and value. Schema: nn/README.md.
TrainingConfig load_training_config(const std::string& path);
TrainingConfig training_config_from_json_text(const std::string& text, const std::string& source);
std::string training_config_to_json_text(const TrainingConfig& config);

std::int64_t total_epochs(const TrainingConfig& config);

}  // namespace apq::nn
