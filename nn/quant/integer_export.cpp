#include "nn/quant/integer_export.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

#include "common/errors.h"
#include "nn/quant/quantizer.h"
#include "nn/supernet/elastic_block.h"
#include "nn/supernet/fixed_layers.h"

namespace apq::nn {
namespace {

// Fractional bits of the two 32-bit intermediates that stay wider than an activation: a
// projection's output before its residual addition, and the tail's output before average
// pooling. Eight more bits than the consumer's grid keep their rounding far below one step of
// the result.
constexpr int kWideBits = 8;

// One conv or linear layer of the sub-network in forward order, with what comes after it.
struct ArrayStep {
  std::string name;
  LayerOp op = LayerOp::Conv;
  torch::Tensor weight;       // BN folded in (not quantized yet)
  torch::Tensor bias;         // [cout], fp32
  ConvGeometry geometry;
  int in_size = 1;
  bool relu6 = false;
  const LayerQuant* quant = nullptr;
  // What reads the output: the next array step's input, through a residual addition (the name of
  // the layer whose output is the skip operand) or an average pool of the whole map.
  std::optional<std::string> add_skip;
  std::size_t skip_grid_step = 0;  // the step whose input grid the skip operand is on (the block's expand)
  bool pooled = false;
};

// The input grid of a quantized layer: a step is `scale`; integers in [low, high].
struct InputGrid {
  double scale;
  std::int64_t low;
  std::int64_t high;
};

InputGrid input_grid(const LayerQuant& quant) {
  // As fake_quantize_activation computes it: the step in float.
  const double levels = quant.signed_input ? std::ldexp(1.0, quant.activation_bits - 1) - 1.0
                                           : std::ldexp(1.0, quant.activation_bits) - 1.0;
  const auto step = static_cast<float>(std::max(quant.activation_range.item<double>(), 1e-6) / levels);
  const auto top = static_cast<std::int64_t>(levels);
  return {static_cast<double>(step), quant.signed_input ? -top : 0, top};
}

// ReLU6's clamp on a grid: round(6 / scale) as the fake quantizer rounds (ties to even, in float).
std::int64_t relu6_top(double scale) {
  return static_cast<std::int64_t>(std::nearbyint(6.0f * (1.0f / static_cast<float>(scale))));
}

std::int32_t to_int32(double value, const std::string& what) {
  const double rounded = std::round(value);
  if (!(std::fabs(rounded) <= 2147483647.0))
    throw InputError("integer export: " + what + " = " + std::to_string(value) + " does not fit 32 bits");
  return static_cast<std::int32_t>(rounded);
}

Requantization requantization_for(double factor, const std::string& what) {
  if (!(factor >= 0.0 && factor < 2147483648.0))
    throw InputError("integer export: " + what + " requantization factor " + std::to_string(factor) +
                     " is outside [0, 2^31)");
  return requantization_of(factor);
}

std::vector<ArrayStep> array_steps(SubnetImpl& net, int input_size) {
  std::vector<ArrayStep> steps;
  int size = input_size;
  std::string last_output;  // the name of the integer layer that produced the current tensor
  auto add_conv = [&](const std::string& name, const torch::Tensor& weight, const DynamicBatchNormImpl& bn,
                      ConvGeometry geometry, bool relu6, const LayerQuant& quant) {
    torch::NoGradGuard no_grad;
    const auto [scale, shift] = bn.folding(weight.size(0));
    ArrayStep step;
    step.name = name;
    step.weight = (weight * scale.reshape({-1, 1, 1, 1})).detach();
    step.bias = shift.detach();
    step.geometry = geometry;
    step.in_size = size;
    step.relu6 = relu6;
    step.quant = &quant;
    steps.push_back(step);
    last_output = name;
    size = static_cast<int>((size + 2 * geometry.padding - weight.size(2)) / geometry.stride + 1);
  };
  auto add_fixed = [&](FixedLayersImpl& part, const std::string& prefix) {
    for (std::size_t i = 0; i < part.steps().size(); ++i) {
      const FixedLayersImpl::Step& s = part.steps()[i];
      const std::string name = prefix + "." + std::to_string(i);
      if (s.op == LayerOp::Conv) {
        add_conv(name, s.weight, *s.bn, s.geometry, s.activation, s.quant);
      } else if (s.op == LayerOp::AvgPool) {
        if (steps.empty()) throw InputError("integer export: a pool before any convolution");
        steps.back().pooled = true;
      } else {
        ArrayStep step;
        step.name = name;
        step.op = LayerOp::FullyConnected;
        step.weight = s.weight.detach().reshape({s.weight.size(0), s.weight.size(1), 1, 1});
        step.bias = s.bias.detach();
        step.relu6 = s.activation;
        step.quant = &s.quant;
        steps.push_back(step);
        last_output = name;
        size = 1;
      }
    }
  };
  add_fixed(net.head(), "head");
  for (int b = 0; b < net.block_count(); ++b) {
    ElasticBlockImpl& block = net.block(b);
    const std::string prefix = "blocks." + std::to_string(b) + ".";
    const std::string block_input = last_output;
    const std::vector<LayerQuant*> quants = block.quant_layers();
    const std::int64_t mid = block.active_mid_channels();
    const std::int64_t k = block.active_kernel();
    add_conv(prefix + "expand", block.expand_weight.narrow(0, 0, mid), *block.expand_bn, {}, true, *quants[0]);
    add_conv(prefix + "depthwise", block.active_depthwise_weight(), *block.depthwise_bn,
             {block.shape().stride, k / 2, mid}, true, *quants[1]);
    add_conv(prefix + "project", block.project_weight.narrow(1, 0, mid), *block.project_bn, {}, false, *quants[2]);
    if (block.has_residual()) {
      steps.back().add_skip = block_input;
      steps.back().skip_grid_step = steps.size() - 3;
      last_output = prefix + "add";
    }
  }
  add_fixed(net.tail(), "tail");
  return steps;
}

// The input table: each pixel byte normalised as the data pipeline does (in float), then on the
// first layer's grid as the fake quantizer rounds it (ties to even, in float).
std::vector<std::vector<std::int32_t>> input_tables(const ChannelStats& normalisation, const InputGrid& grid,
                                                    int channels) {
  if (normalisation.mean.size() != static_cast<std::size_t>(channels))
    throw InputError("integer export: the data set has " + std::to_string(normalisation.mean.size()) +
                     " channels, the network reads " + std::to_string(channels));
  const auto step = static_cast<float>(grid.scale);
  const float inverse = 1.0f / step;
  std::vector<std::vector<std::int32_t>> tables;
  for (int c = 0; c < channels; ++c) {
    std::vector<std::int32_t> table(256);
    for (int p = 0; p < 256; ++p) {
      const float x = (static_cast<float>(p) / 255.0f - normalisation.mean[static_cast<std::size_t>(c)]) /
                      normalisation.std[static_cast<std::size_t>(c)];
      const float clamped = std::min(std::max(x * inverse, static_cast<float>(grid.low)), static_cast<float>(grid.high));
      table[static_cast<std::size_t>(p)] = static_cast<std::int32_t>(std::nearbyint(clamped));
    }
    tables.push_back(std::move(table));
  }
  return tables;
}

// The weights on their per-channel grid, as the fake quantizer puts them there, and the scales.
std::pair<std::vector<std::int32_t>, std::vector<double>> quantized_weights(const ArrayStep& step) {
  torch::NoGradGuard no_grad;
  const LayerQuant& quant = *step.quant;
  const torch::Tensor fake = fake_quantize_weight(step.weight, quant.weight_bits, quant.weight_clip_ratio);
  const double levels = std::ldexp(1.0, quant.weight_bits - 1) - 1.0;
  const torch::Tensor flat = step.weight.reshape({step.weight.size(0), -1});
  const torch::Tensor scale =
      (std::get<0>(flat.abs().max(1)) * (quant.weight_clip_ratio / levels)).clamp_min(1e-12).to(torch::kFloat);
  const torch::Tensor integers =
      torch::round(fake / scale.reshape({-1, 1, 1, 1})).to(torch::kInt).contiguous();
  const torch::Tensor scales = scale.to(torch::kDouble).contiguous();
  return {std::vector<std::int32_t>(integers.data_ptr<std::int32_t>(), integers.data_ptr<std::int32_t>() + integers.numel()),
          std::vector<double>(scales.data_ptr<double>(), scales.data_ptr<double>() + scales.numel())};
}

IntegerLayer vector_layer(const std::string& name, LayerOp op, int channels, int size, int bits, double factor,
                          const InputGrid& out) {
  IntegerLayer layer;
  layer.name = name;
  layer.op = op;
  layer.shape.cin = layer.shape.cout = channels;
  layer.shape.in_size = size;
  layer.shape.kernel = layer.shape.stride = op == LayerOp::AvgPool ? size : 1;
  if (op == LayerOp::AvgPool) layer.shape.groups = channels;
  layer.shape.abits = layer.shape.wbits = bits;
  layer.requantization = {requantization_for(factor, name)};
  layer.output_min = static_cast<std::int32_t>(out.low);
  layer.output_max = static_cast<std::int32_t>(out.high);
  layer.output_scale = out.scale;
  return layer;
}

}  // namespace

IntegerNetwork export_integer_network(QuantizedNetwork& qnet, const ChannelStats& normalisation) {
  torch::NoGradGuard no_grad;
  SubnetImpl& net = *qnet.network;
  const std::vector<ArrayStep> steps = array_steps(net, qnet.space.input_size);
  for (const ArrayStep& step : steps)
    if (step.quant->weight_bits == 0 || step.quant->activation_bits == 0)
      throw InputError("integer export: layer " + step.name + " is not quantized (fp32 layers have no integer form)");
  std::vector<InputGrid> grids;
  for (const ArrayStep& step : steps) grids.push_back(input_grid(*step.quant));
  constexpr std::int64_t kLowest = std::numeric_limits<std::int32_t>::min();
  constexpr std::int64_t kHighest = std::numeric_limits<std::int32_t>::max();

  IntegerNetwork network;
  network.name = qnet.space.name + "-integer";
  network.input_channels = static_cast<int>(qnet.space.input_channels);
  network.input_size = static_cast<int>(qnet.space.input_size);
  network.input_bits = steps.front().quant->activation_bits;
  network.input_signed = steps.front().quant->signed_input;
  network.input_scale = grids.front().scale;
  network.input_table = input_tables(normalisation, grids.front(), network.input_channels);

  for (std::size_t i = 0; i < steps.size(); ++i) {
    const ArrayStep& step = steps[i];
    const InputGrid& in = grids[i];
    const bool last = i + 1 == steps.size();
    // The grid this layer's integers leave on.
    InputGrid out{0, kLowest, kHighest};
    if (last) {
      out.scale = 0;  // set from the weight scales below
    } else if (step.add_skip) {
      out.scale = std::ldexp(grids[step.skip_grid_step].scale, -kWideBits);
    } else if (step.pooled) {
      out.scale = std::ldexp(grids[i + 1].scale, -kWideBits);
    } else {
      out = grids[i + 1];
    }
    if (step.relu6 && !last) {
      out.low = std::max<std::int64_t>(out.low, 0);
      out.high = std::min(out.high, relu6_top(out.scale));
    }

    const auto [weights, weight_scales] = quantized_weights(step);
    if (last) out.scale = in.scale * *std::min_element(weight_scales.begin(), weight_scales.end());
    IntegerLayer layer;
    layer.name = step.name;
    layer.op = step.op;
    LayerShape& shape = layer.shape;
    shape.cin = static_cast<int>(step.weight.size(1) * step.geometry.groups);
    shape.cout = static_cast<int>(step.weight.size(0));
    shape.in_size = step.in_size;
    shape.kernel = static_cast<int>(step.weight.size(2));
    shape.stride = static_cast<int>(step.geometry.stride);
    shape.padding = static_cast<int>(step.geometry.padding);
    shape.groups = static_cast<int>(step.geometry.groups);
    shape.wbits = step.quant->weight_bits;
    shape.abits = step.quant->activation_bits;
    layer.input_signed = step.quant->signed_input;
    layer.weights = weights;
    const torch::Tensor bias = step.bias.to(torch::kDouble).contiguous();
    for (int c = 0; c < shape.cout; ++c) {
      const double accumulator_scale = in.scale * weight_scales[static_cast<std::size_t>(c)];
      const std::string what = step.name + " channel " + std::to_string(c);
      layer.bias.push_back(to_int32(bias[c].item<double>() / accumulator_scale, what + " bias"));
      layer.requantization.push_back(requantization_for(accumulator_scale / out.scale, what));
    }
    layer.output_min = static_cast<std::int32_t>(out.low);
    layer.output_max = static_cast<std::int32_t>(out.high);
    layer.output_scale = out.scale;
    network.layers.push_back(layer);

    if (step.add_skip) {
      const InputGrid& next = grids[i + 1];
      IntegerLayer add = vector_layer(step.name.substr(0, step.name.rfind('.')) + ".add", LayerOp::Add, shape.cout,
                                      output_size(shape), steps[i + 1].quant->activation_bits, out.scale / next.scale, next);
      add.skip = *step.add_skip;
      add.skip_shift = kWideBits;
      network.layers.push_back(add);
    } else if (step.pooled) {
      const InputGrid& next = grids[i + 1];
      const int size = output_size(shape);
      network.layers.push_back(vector_layer(step.name.substr(0, step.name.rfind('.')) + ".pool", LayerOp::AvgPool,
                                            shape.cout, size, steps[i + 1].quant->activation_bits,
                                            out.scale / (static_cast<double>(size) * size * next.scale), next));
    }
  }
  validate_integer_network(network, "integer export of " + qnet.space.name);
  return network;
}

}  // namespace apq::nn
