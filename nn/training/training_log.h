#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace apq::nn {

struct TrainingLogRow {
  std::int64_t global_epoch = 0;
  std::string phase;
  std::int64_t phase_epoch = 0;
  double lr = 0;  // at the epoch's last step
  double train_loss = 0;
  double train_top1 = 0;
  double val_top1_largest = 0;   // the phase's largest sub-network, after BN recalibration
  double val_top1_smallest = 0;  // the phase's smallest
  double images_per_second = 0;  // training steps only
  double epoch_seconds = 0;      // training and validation
};

// The per-epoch CSV log of a training run. Opening it keeps the rows of epochs before
// `next_epoch` (those the checkpoint includes) and drops any later ones, so that a resumed run
// logs each epoch once. Every append rewrites the file atomically.
class TrainingLog {
 public:
  TrainingLog(std::string path, std::int64_t next_epoch);
  void append(const TrainingLogRow& row);

 private:
  std::string path_;
  std::vector<std::string> lines_;
};

}  // namespace apq::nn
