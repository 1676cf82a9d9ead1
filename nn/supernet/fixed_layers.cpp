#include "nn/supernet/fixed_layers.h"

#include <cmath>
#include <stdexcept>
#include <string>

namespace apq::nn {

FixedLayersImpl::FixedLayersImpl(const std::vector<search::FixedLayerSpec>& specs,
                                 std::int64_t in_channels, NetworkPart part, search::FixedBits bits) {
  std::int64_t channels = in_channels;
  bool signed_input = true;
  for (std::size_t i = 0; i < specs.size(); ++i) {
    const search::FixedLayerSpec& spec = specs[i];
    const bool last = i + 1 == specs.size();
    const std::string name = std::to_string(i);
    Step step;
    step.op = spec.op;
    step.quant.weight_bits = bits.w;
    step.quant.activation_bits = bits.a;
    step.quant.signed_input = signed_input;
    switch (spec.op) {
      case LayerOp::Conv: {
        step.geometry = {spec.stride, spec.padding, spec.groups};
        const bool head_projection = part == NetworkPart::Head && last && spec.kernel == 1 && spec.groups == 1;
        step.activation = !head_projection;
        const std::int64_t fan_out = spec.out_channels * spec.kernel * spec.kernel;
        step.weight = register_parameter(
            "conv" + name + "_weight",
            torch::randn({spec.out_channels, channels / spec.groups, spec.kernel, spec.kernel}) *
                std::sqrt(2.0 / static_cast<double>(fan_out)));
        step.bn = register_module("bn" + name, DynamicBatchNorm(spec.out_channels));
        channels = spec.out_channels;
        break;
      }
      case LayerOp::AvgPool:
        break;
      case LayerOp::FullyConnected: {
        step.activation = !last;
        const double bound = 1.0 / std::sqrt(static_cast<double>(channels));
        step.weight = register_parameter(
            "linear" + name + "_weight",
            torch::empty({spec.out_channels, channels}).uniform_(-bound, bound));
        step.bias = register_parameter("linear" + name + "_bias", torch::zeros({spec.out_channels}));
        channels = spec.out_channels;
        break;
      }
      default:
        throw std::invalid_argument(std::string("a fixed layer cannot be ") + layer_op_name(spec.op));
    }
    if (spec.op != LayerOp::AvgPool) signed_input = !step.activation;
    steps_.push_back(std::move(step));
  }
  out_channels_ = channels;
}

torch::Tensor FixedLayersImpl::forward(torch::Tensor x) {
  for (Step& step : steps_) {
    switch (step.op) {
      case LayerOp::Conv:
        x = conv_bn(x, step.weight, *step.bn, step.geometry, step.quant);
        break;
      case LayerOp::AvgPool:
        x = x.mean({2, 3}, /*keepdim=*/true);
        break;
      case LayerOp::FullyConnected:
        x = quantized_linear(x.flatten(1), step.weight, step.bias, step.quant);
        break;
      default:
        break;  // the constructor admits no other op
    }
    if (step.activation) x = relu6_in_place(x);
  }
  return x;
}

}  // namespace apq::nn

namespace apq::nn {

std::vector<LayerQuant*> FixedLayersImpl::quant_layers() {
  std::vector<LayerQuant*> layers;
  for (Step& step : steps_) {
    if (step.op != LayerOp::AvgPool) layers.push_back(&step.quant);
  }
  return layers;
}

}  // namespace apq::nn
