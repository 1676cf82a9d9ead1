#pragma once
#include <cmath>
#include <cstdint>

#include "nn/training/training_config.h"

namespace apq::nn {

// The learning rate at step `step` of a phase: linear warm-up over its warm-up epochs, then
// cosine decay from the phase's peak to 0 at its end (once-for-all restarts it every phase).
inline double phase_learning_rate(const PhaseConfig& phase, std::int64_t step,
                                  std::int64_t steps_per_epoch) {
  const std::int64_t total = phase.epochs * steps_per_epoch;
  const std::int64_t warmup = phase.warmup_epochs * steps_per_epoch;
  if (step < warmup) return phase.lr * static_cast<double>(step + 1) / static_cast<double>(warmup);
  const double progress = static_cast<double>(step - warmup) / static_cast<double>(total - warmup);
  return 0.5 * phase.lr * (1.0 + std::cos(M_PI * progress));
}

}  // namespace apq::nn
