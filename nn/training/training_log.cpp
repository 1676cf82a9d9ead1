#include "nn/training/training_log.h"

#include <cstdio>
#include <fstream>

#include "common/atomic_file.h"

namespace apq::nn {
namespace {

constexpr const char* kHeader =
    "epoch,phase,phase_epoch,lr,train_loss,train_top1,val_top1_largest,val_top1_smallest,"
    "images_per_second,epoch_seconds";

}  // namespace

TrainingLog::TrainingLog(std::string path, std::int64_t next_epoch) : path_(std::move(path)) {
  std::ifstream in(path_);
  std::string line;
  bool header = true;
  while (std::getline(in, line)) {
    if (header) {
      header = false;
      continue;
    }
    try {
      if (std::stoll(line.substr(0, line.find(','))) < next_epoch) lines_.push_back(line);
    } catch (const std::exception&) {
      // A line that is not a row (hand-edited file): drop it rather than fail the run.
    }
  }
}

void TrainingLog::append(const TrainingLogRow& row) {
  char buffer[512];
  std::snprintf(buffer, sizeof buffer, "%lld,%s,%lld,%.6g,%.6f,%.6f,%.6f,%.6f,%.1f,%.1f",
                static_cast<long long>(row.global_epoch), row.phase.c_str(),
                static_cast<long long>(row.phase_epoch), row.lr, row.train_loss, row.train_top1,
                row.val_top1_largest, row.val_top1_smallest, row.images_per_second, row.epoch_seconds);
  lines_.emplace_back(buffer);
  std::string text = std::string(kHeader) + "\n";
  for (const std::string& l : lines_) text += l + "\n";
  write_file_atomically(path_, text);
}

}  // namespace apq::nn
