#include "nn/supernet/dynamic_batch_norm.h"

namespace apq::nn {

DynamicBatchNormImpl::DynamicBatchNormImpl(std::int64_t max_channels, double momentum, double eps)
    : momentum_(momentum), eps_(eps) {
  weight = register_parameter("weight", torch::ones({max_channels}));
  bias = register_parameter("bias", torch::zeros({max_channels}));
  running_mean = register_buffer("running_mean", torch::zeros({max_channels}));
  running_var = register_buffer("running_var", torch::ones({max_channels}));
}

torch::Tensor DynamicBatchNormImpl::forward(const torch::Tensor& input) {
  const std::int64_t channels = input.size(1);
  TORCH_CHECK(channels <= max_channels(), "DynamicBatchNorm of ", max_channels(),
              " channels got an input of ", channels);
  double momentum = momentum_;
  if (is_training() && recalibrating_) {
    recalibration_images_ += input.size(0);
    momentum = static_cast<double>(input.size(0)) / static_cast<double>(recalibration_images_);
  }
  return at::batch_norm(input, weight.narrow(0, 0, channels), bias.narrow(0, 0, channels),
                        running_mean.narrow(0, 0, channels), running_var.narrow(0, 0, channels),
                        is_training(), momentum, eps_, /*cudnn_enabled=*/false);
}

std::pair<torch::Tensor, torch::Tensor> DynamicBatchNormImpl::folding(std::int64_t channels) const {
  TORCH_CHECK(channels <= max_channels(), "DynamicBatchNorm of ", max_channels(), " channels cannot fold ",
              channels);
  const torch::Tensor scale =
      weight.narrow(0, 0, channels) * (running_var.narrow(0, 0, channels).detach() + eps_).rsqrt();
  const torch::Tensor shift = bias.narrow(0, 0, channels) - running_mean.narrow(0, 0, channels).detach() * scale;
  return {scale, shift};
}

void DynamicBatchNormImpl::permute_channels(const torch::Tensor& order) {
  torch::NoGradGuard no_grad;
  for (torch::Tensor* t : {&weight, &bias, &running_mean, &running_var}) {
    t->copy_(t->index_select(0, order));
  }
}

void DynamicBatchNormImpl::begin_recalibration() {
  recalibrating_ = true;
  recalibration_images_ = 0;
}

void DynamicBatchNormImpl::end_recalibration() { recalibrating_ = false; }

}  // namespace apq::nn
