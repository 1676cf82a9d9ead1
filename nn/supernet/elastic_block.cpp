#include "nn/supernet/elastic_block.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "nn/supernet/layer_calls.h"

namespace apq::nn {
namespace {

// He initialisation by fan-out (once-for-all's "he_fout"), for a conv weight [out, in/g, k, k].
torch::Tensor he_fan_out(torch::IntArrayRef sizes) {
  const double fan_out = static_cast<double>(sizes[0] * sizes[2] * sizes[3]);
  return torch::randn(sizes) * std::sqrt(2.0 / fan_out);
}

std::string transform_name(std::int64_t from, std::int64_t to) {
  return "kernel_transform_" + std::to_string(from) + "to" + std::to_string(to);
}

}  // namespace

ElasticBlockImpl::ElasticBlockImpl(ElasticBlockShape shape) : shape_(std::move(shape)) {
  TORCH_CHECK(!shape_.kernel_choices.empty(), "an elastic block needs a kernel choice");
  const std::int64_t max_kernel = shape_.kernel_choices.back();
  const std::int64_t mid = shape_.max_mid_channels;
  expand_weight = register_parameter("expand_weight", he_fan_out({mid, shape_.in_channels, 1, 1}));
  depthwise_weight =
      register_parameter("depthwise_weight", he_fan_out({mid, 1, max_kernel, max_kernel}));
  project_weight =
      register_parameter("project_weight", he_fan_out({shape_.out_channels, mid, 1, 1}));
  for (std::size_t i = 0; i + 1 < shape_.kernel_choices.size(); ++i) {
    const std::int64_t small = shape_.kernel_choices[i];
    kernel_transforms.push_back(register_parameter(
        transform_name(shape_.kernel_choices[i + 1], small), torch::eye(small * small)));
  }
  expand_bn = register_module("expand_bn", DynamicBatchNorm(mid));
  depthwise_bn = register_module("depthwise_bn", DynamicBatchNorm(mid));
  project_bn = register_module("project_bn", DynamicBatchNorm(shape_.out_channels));
  active_kernel_ = max_kernel;
  active_mid_ = mid;
  expand_quant_.signed_input = true;
}

void ElasticBlockImpl::set_bits(int pw_w, int pw_a, int dw_w, int dw_a) {
  expand_quant_.weight_bits = pw_w;
  expand_quant_.activation_bits = pw_a;
  project_quant_.weight_bits = pw_w;
  project_quant_.activation_bits = pw_a;
  depthwise_quant_.weight_bits = dw_w;
  depthwise_quant_.activation_bits = dw_a;
}

std::vector<LayerQuant*> ElasticBlockImpl::quant_layers() {
  return {&expand_quant_, &depthwise_quant_, &project_quant_};
}

bool ElasticBlockImpl::has_residual() const {
  return shape_.stride == 1 && shape_.in_channels == shape_.out_channels;
}

void ElasticBlockImpl::set_active(std::int64_t kernel, std::int64_t mid_channels) {
  const auto& kernels = shape_.kernel_choices;
  if (std::find(kernels.begin(), kernels.end(), kernel) == kernels.end()) {
    throw std::invalid_argument("elastic block: kernel " + std::to_string(kernel) +
                                " is not among its kernel choices");
  }
  if (mid_channels < 1 || mid_channels > shape_.max_mid_channels) {
    throw std::invalid_argument("elastic block: " + std::to_string(mid_channels) +
                                " mid channels outside 1.." +
                                std::to_string(shape_.max_mid_channels));
  }
  active_kernel_ = kernel;
  active_mid_ = mid_channels;
}

torch::Tensor ElasticBlockImpl::active_depthwise_weight() const {
  const auto& kernels = shape_.kernel_choices;
  const std::int64_t mid = active_mid_;
  torch::Tensor weight = depthwise_weight.narrow(0, 0, mid);
  // Walk down from the stored (largest) kernel: crop the centre, then transform.
  for (auto i = static_cast<std::int64_t>(kernels.size()) - 2; i >= 0 && kernels[i + 1] > active_kernel_; --i) {
    const std::int64_t k = kernels[i];
    const std::int64_t offset = (kernels[i + 1] - k) / 2;
    const torch::Tensor crop = weight.narrow(2, offset, k).narrow(3, offset, k);
    weight = at::linear(crop.reshape({mid, k * k}), kernel_transforms[i]).reshape({mid, 1, k, k});
  }
  return weight;
}

torch::Tensor ElasticBlockImpl::forward(const torch::Tensor& input) {
  const std::int64_t mid = active_mid_;
  // Quantized once: the expand convolution and the residual addition read the same tensor.
  const torch::Tensor in = quantized_input(input, expand_quant_);
  torch::Tensor x = conv_bn(in, expand_weight.narrow(0, 0, mid), *expand_bn, {}, expand_quant_, true);
  x = relu6_in_place(x);
  x = conv_bn(x, active_depthwise_weight(), *depthwise_bn, {shape_.stride, active_kernel_ / 2, mid},
              depthwise_quant_);
  x = relu6_in_place(x);
  x = conv_bn(x, project_weight.narrow(1, 0, mid), *project_bn, {}, project_quant_);
  return has_residual() ? x + in : x;
}

NamedTensors ElasticBlockImpl::active_tensors() const {
  const std::int64_t mid = active_mid_;
  NamedTensors tensors{
      {"expand_weight", expand_weight.narrow(0, 0, mid)},
      {"depthwise_weight", active_depthwise_weight()},
      {"project_weight", project_weight.narrow(1, 0, mid)},
  };
  const std::pair<const char*, const DynamicBatchNormImpl*> norms[] = {
      {"expand_bn", expand_bn.get()}, {"depthwise_bn", depthwise_bn.get()}};
  for (const auto& [name, bn] : norms) {
    const std::string prefix = std::string(name) + ".";
    tensors.emplace_back(prefix + "weight", bn->weight.narrow(0, 0, mid));
    tensors.emplace_back(prefix + "bias", bn->bias.narrow(0, 0, mid));
    tensors.emplace_back(prefix + "running_mean", bn->running_mean.narrow(0, 0, mid));
    tensors.emplace_back(prefix + "running_var", bn->running_var.narrow(0, 0, mid));
  }
  tensors.emplace_back("project_bn.weight", project_bn->weight);
  tensors.emplace_back("project_bn.bias", project_bn->bias);
  tensors.emplace_back("project_bn.running_mean", project_bn->running_mean);
  tensors.emplace_back("project_bn.running_var", project_bn->running_var);
  return tensors;
}

void ElasticBlockImpl::sort_mid_channels(const std::vector<std::int64_t>& fixed_boundaries) {
  torch::NoGradGuard no_grad;
  const torch::Tensor importance = project_weight.abs().sum({0, 2, 3});
  std::vector<std::int64_t> edges{0};
  for (std::int64_t boundary : fixed_boundaries) {
    TORCH_CHECK(boundary > edges.back() && boundary < shape_.max_mid_channels,
                "mid-channel boundaries must ascend within 1..", shape_.max_mid_channels - 1);
    edges.push_back(boundary);
  }
  edges.push_back(shape_.max_mid_channels);
  std::vector<torch::Tensor> segments;
  for (std::size_t i = 0; i + 1 < edges.size(); ++i) {
    const torch::Tensor segment = importance.slice(0, edges[i], edges[i + 1]);
    segments.push_back(
        std::get<1>(segment.sort(/*stable=*/true, /*dim=*/0, /*descending=*/true)) + edges[i]);
  }
  const torch::Tensor order = torch::cat(segments);
  project_weight.copy_(project_weight.index_select(1, order));
  depthwise_weight.copy_(depthwise_weight.index_select(0, order));
  expand_weight.copy_(expand_weight.index_select(0, order));
  depthwise_bn->permute_channels(order);
  expand_bn->permute_channels(order);
}

void copy_named_tensors(const NamedTensors& source, torch::nn::Module& target) {
  torch::NoGradGuard no_grad;
  auto parameters = target.named_parameters();
  auto buffers = target.named_buffers();
  for (const auto& [name, tensor] : source) {
    torch::Tensor* destination = parameters.find(name);
    if (destination == nullptr) destination = buffers.find(name);
    TORCH_CHECK(destination != nullptr, "no parameter or buffer named ", name);
    TORCH_CHECK(destination->sizes() == tensor.sizes(), name, ": shape ", destination->sizes(),
                " cannot take ", tensor.sizes());
    destination->copy_(tensor);
  }
}

}  // namespace apq::nn
