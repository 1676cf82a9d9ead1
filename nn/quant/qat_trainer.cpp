#include "nn/quant/qat_trainer.h"

#include <torch/nn/functional/loss.h>

#include <vector>

#include "nn/quant/quantizable.h"
#include "nn/training/distillation_loss.h"

namespace apq::nn {
namespace {

std::vector<torch::Tensor> trained_tensors(ImageClassifier& network) {
  std::vector<torch::Tensor> parameters = network.parameters();
  for (LayerQuant* layer : quant_layers(network)) {
    layer->activation_range.set_requires_grad(true);
    parameters.push_back(layer->activation_range);
  }
  return parameters;
}

}  // namespace

QatTrainer::QatTrainer(ImageClassifier& network, double label_smoothing, double distill_weight)
    : network_(network),
      label_smoothing_(label_smoothing),
      distill_weight_(distill_weight),
      // The learning rate is set by every step (the recipe's cosine schedule).
      optimizer_(trained_tensors(network), torch::optim::SGDOptions(0.0).momentum(0.9).nesterov(true)) {
  network_.train();
}

torch::Tensor QatTrainer::step(const torch::Tensor& images, const torch::Tensor& labels,
                               const torch::Tensor& soft_targets, double learning_rate) {
  for (auto& group : optimizer_.param_groups()) {
    static_cast<torch::optim::SGDOptions&>(group.options()).lr(learning_rate);
  }
  const torch::Tensor logits = network_.forward(images);
  torch::Tensor loss = torch::nn::functional::cross_entropy(
      logits, labels, torch::nn::functional::CrossEntropyFuncOptions().label_smoothing(label_smoothing_));
  if (distill_weight_ > 0) loss = loss + distill_weight_ * soft_target_loss(logits, soft_targets);
  optimizer_.zero_grad();
  loss.backward();
  optimizer_.step();
  return loss.detach();
}

void QatTrainer::finish() {
  for (LayerQuant* layer : quant_layers(network_)) {
    layer->activation_range = layer->activation_range.detach().clamp_min(1e-6);
  }
  network_.eval();
}

}  // namespace apq::nn
