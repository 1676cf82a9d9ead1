#pragma once
#include <torch/optim/sgd.h>
#include <torch/types.h>

#include "nn/supernet/image_classifier.h"

namespace apq::nn {

// The optimisation of quantization_aware_finetune, one step at a time, so that a benchmark
// (apq_nn_qat_throughput) times exactly the step the recipe takes: SGD (nesterov momentum 0.9,
// no weight decay) over the weights, BN affine parameters and activation ranges of a
// calibrated network; forward with quantization on (BN folded, frozen statistics), label loss
// (smoothed) plus the distillation loss against the teacher's soft targets, backward, step.
class QatTrainer {
 public:
  // Makes the activation ranges learnable and puts the network in training mode.
  QatTrainer(ImageClassifier& network, double label_smoothing, double distill_weight);

  // One step at `learning_rate`; returns the loss (detached).
  torch::Tensor step(const torch::Tensor& images, const torch::Tensor& labels, const torch::Tensor& soft_targets,
                     double learning_rate);

  // Freezes the learned ranges (detached, at least 1e-6) and leaves the network in eval mode.
  void finish();

 private:
  ImageClassifier& network_;
  double label_smoothing_;
  double distill_weight_;
  torch::optim::SGD optimizer_;
};

}  // namespace apq::nn
