#pragma once
#include <torch/types.h>

namespace apq::nn {

// Cross-entropy against the teacher's softmax (once-for-all's distillation loss).
inline torch::Tensor soft_target_loss(const torch::Tensor& logits, const torch::Tensor& soft_targets) {
  return -(soft_targets * torch::log_softmax(logits, 1)).sum(1).mean();
}

}  // namespace apq::nn
