#include "search/space/space_file.h"

#include <nlohmann/json.hpp>

#include "common/json_fields.h"

namespace apq::search {

using namespace json_fields;

namespace {

// The framework's quantizers and the BitFusion array handle 2..8 bits.
constexpr int kMinBits = 2;
constexpr int kMaxBits = 8;

// APQ rounds every mid-channel count to a multiple of 8 (make_divisible(v, 8)).
constexpr int kMidChannelMultiple = 8;

int read_positive(const nlohmann::json& object, const char* key, const std::string& where) {
  const std::string field = child_field(where, key);
  const int value = read_int(require_key(object, key, where), field);
  if (value < 1) fail_value(field, value, "must be at least 1");
  return value;
}

int read_optional_int(const nlohmann::json& object, const char* key, int fallback, const std::string& where) {
  const auto it = object.find(key);
  return it == object.end() ? fallback : read_int(*it, child_field(where, key));
}

void require_ascending(const std::vector<int>& values, const std::string& where) {
  if (values.empty()) fail_field(where, "must not be empty");
  for (std::size_t i = 1; i < values.size(); ++i)
    if (values[i] <= values[i - 1])
      fail_value(element_field(where, i), values[i], "the list must be strictly ascending");
}

std::vector<int> read_bit_list(const nlohmann::json& object, const char* key, const std::string& where) {
  const std::string field = child_field(where, key);
  std::vector<int> bits = read_int_list(require_key(object, key, where), field);
  require_ascending(bits, field);
  for (std::size_t i = 0; i < bits.size(); ++i)
    if (bits[i] < kMinBits || bits[i] > kMaxBits)
      fail_value(element_field(field, i), bits[i], "bits must be 2..8");
  return bits;
}

int read_fixed_bit(const nlohmann::json& object, const char* key, const std::string& where) {
  const std::string field = child_field(where, key);
  const int bits = read_int(require_key(object, key, where), field);
  if (bits < kMinBits || bits > kMaxBits) fail_value(field, bits, "bits must be 2..8");
  return bits;
}

// Reads head or tail layers, checking them against the channels and size that flow into them.
// Returns the specs; `cin` and `in_size` are advanced past them.
std::vector<FixedLayerSpec> read_fixed_layers(const nlohmann::json& list, const std::string& where, int& cin,
                                              int& in_size) {
  if (!list.is_array()) fail_value(where, list, "expected a list of layers");
  std::vector<FixedLayerSpec> specs;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string at = element_field(where, i);
    const nlohmann::json& item = list[i];
    require_object(item, at);
    const std::string type = require_string(item, "type", at);
    FixedLayerSpec spec;
    if (type == "conv") {
      reject_unknown_keys(item, {"type", "out", "kernel", "stride", "padding", "groups"}, at);
      spec.op = LayerOp::Conv;
      spec.out_channels = read_positive(item, "out", at);
      spec.kernel = read_positive(item, "kernel", at);
      spec.stride = read_optional_int(item, "stride", 1, at);
      if (spec.stride < 1) fail_value(child_field(at, "stride"), spec.stride, "must be at least 1");
      spec.padding = read_optional_int(item, "padding", spec.kernel / 2, at);
      if (spec.padding < 0) fail_value(child_field(at, "padding"), spec.padding, "must not be negative");
      spec.groups = read_optional_int(item, "groups", 1, at);
      if (spec.groups < 1 || cin % spec.groups != 0 || spec.out_channels % spec.groups != 0)
        fail_value(child_field(at, "groups"), spec.groups,
                   "must divide the input channels (" + std::to_string(cin) + ") and \"out\"");
      const int out_size = conv_output_size(in_size, spec.kernel, spec.stride, spec.padding);
      if (in_size + 2 * spec.padding < spec.kernel || out_size < 1)
        fail_value(child_field(at, "kernel"), spec.kernel,
                   "larger than the padded input (" + std::to_string(in_size) + " + 2 x padding)");
      cin = spec.out_channels;
      in_size = out_size;
    } else if (type == "global_avg_pool") {
      reject_unknown_keys(item, {"type"}, at);
      spec.op = LayerOp::AvgPool;
      in_size = 1;
    } else if (type == "linear") {
      reject_unknown_keys(item, {"type", "out"}, at);
      spec.op = LayerOp::FullyConnected;
      spec.out_channels = read_positive(item, "out", at);
      if (in_size != 1)
        fail_value(child_field(at, "type"), type,
                   "needs a 1x1 input (put a global_avg_pool before it); the input is " + std::to_string(in_size) +
                       "x" + std::to_string(in_size));
      cin = spec.out_channels;
    } else {
      fail_value(child_field(at, "type"), type, "must be \"conv\", \"global_avg_pool\" or \"linear\"");
    }
    specs.push_back(spec);
  }
  return specs;
}

StageSpec read_stage(const nlohmann::json& item, const std::string& at, int expected_in) {
  require_object(item, at);
  reject_unknown_keys(item, {"in", "out", "blocks", "stride", "depths"}, at);
  StageSpec stage;
  stage.in_channels = read_positive(item, "in", at);
  if (stage.in_channels != expected_in)
    fail_value(child_field(at, "in"), stage.in_channels,
               "the layer before has " + std::to_string(expected_in) + " output channels");
  stage.out_channels = read_positive(item, "out", at);
  stage.max_blocks = read_positive(item, "blocks", at);
  stage.first_stride = read_positive(item, "stride", at);
  const std::string depths_at = child_field(at, "depths");
  stage.depth_choices = read_int_list(require_key(item, "depths", at), depths_at);
  require_ascending(stage.depth_choices, depths_at);
  for (std::size_t i = 0; i < stage.depth_choices.size(); ++i)
    if (stage.depth_choices[i] < 1 || stage.depth_choices[i] > stage.max_blocks)
      fail_value(element_field(depths_at, i), stage.depth_choices[i],
                 "must be 1.." + std::to_string(stage.max_blocks) + " (the stage's blocks)");
  return stage;
}

void check_mid_choices(const std::vector<int>& choices, const std::string& where) {
  require_ascending(choices, where);
  for (std::size_t i = 0; i < choices.size(); ++i)
    if (choices[i] < 1 || choices[i] % kMidChannelMultiple != 0)
      fail_value(element_field(where, i), choices[i], "mid channels must be a positive multiple of 8");
}

MidChannelSpec read_mid_channels(const nlohmann::json& item, const std::string& at,
                                 const std::vector<StageSpec>& stages) {
  require_object(item, at);
  const std::string rule = require_string(item, "rule", at);
  MidChannelSpec spec;
  if (rule == "expand_range") {
    reject_unknown_keys(item, {"rule", "min_expand", "max_expand", "step"}, at);
    spec.rule = MidChannelRule::ExpandRange;
    spec.min_expand = read_positive(item, "min_expand", at);
    spec.max_expand = read_positive(item, "max_expand", at);
    spec.step = read_positive(item, "step", at);
    if (spec.max_expand < spec.min_expand)
      fail_value(child_field(at, "max_expand"), spec.max_expand, "less than min_expand");
    if (spec.step % kMidChannelMultiple != 0)
      fail_value(child_field(at, "step"), spec.step, "must be a multiple of 8 (mid channels are)");
    for (std::size_t s = 0; s < stages.size(); ++s)
      for (int cin : {stages[s].in_channels, stages[s].max_blocks > 1 ? stages[s].out_channels : stages[s].in_channels})
        if ((spec.min_expand * cin) % kMidChannelMultiple != 0)
          fail_value(child_field(at, "min_expand"), spec.min_expand,
                     "times the " + std::to_string(cin) + " input channels of a block of stage " + std::to_string(s) +
                         " is not a multiple of 8");
  } else if (rule == "explicit") {
    reject_unknown_keys(item, {"rule", "choices"}, at);
    spec.rule = MidChannelRule::Explicit;
    const std::string choices_at = child_field(at, "choices");
    const nlohmann::json& lists = require_key(item, "choices", at);
    int blocks = 0;
    for (const StageSpec& stage : stages) blocks += stage.max_blocks;
    if (!lists.is_array() || static_cast<int>(lists.size()) != blocks)
      fail_field(choices_at, "expected one list per searchable block (" + std::to_string(blocks) + ")");
    for (std::size_t b = 0; b < lists.size(); ++b) {
      const std::string list_at = element_field(choices_at, b);
      spec.explicit_choices.push_back(read_int_list(lists[b], list_at));
      check_mid_choices(spec.explicit_choices.back(), list_at);
    }
  } else {
    fail_value(child_field(at, "rule"), rule, "must be \"expand_range\" or \"explicit\"");
  }
  return spec;
}

}  // namespace

Space space_from_json(const nlohmann::json& doc, const std::string& source) {
  const std::string top = top_field(source);
  if (!doc.is_object()) fail_field(source, "expected a JSON object");
  reject_unknown_keys(doc,
                      {"name", "description", "input", "classes", "head", "stages", "kernels", "mid_channels", "bits",
                       "fixed_bits", "tail", "apq_compatible"},
                      top);
  Space space;
  space.name = require_string(doc, "name", top);
  if (const auto it = doc.find("description"); it != doc.end()) read_string(*it, child_field(top, "description"));
  if (const auto it = doc.find("apq_compatible"); it != doc.end())
    space.apq_compatible = read_bool(*it, child_field(top, "apq_compatible"));

  const std::string input_at = child_field(top, "input");
  const nlohmann::json& input = require_key(doc, "input", top);
  require_object(input, input_at);
  reject_unknown_keys(input, {"size", "channels", "batch"}, input_at);
  space.input_size = read_positive(input, "size", input_at);
  space.input_channels = read_positive(input, "channels", input_at);
  space.batch = read_positive(input, "batch", input_at);
  space.classes = read_positive(doc, "classes", top);

  int cin = space.input_channels;
  int in_size = space.input_size;
  space.head = read_fixed_layers(require_key(doc, "head", top), child_field(top, "head"), cin, in_size);

  const std::string stages_at = child_field(top, "stages");
  const nlohmann::json& stages = require_key(doc, "stages", top);
  if (!stages.is_array() || stages.empty()) fail_value(stages_at, stages, "expected a non-empty list of stages");
  for (std::size_t s = 0; s < stages.size(); ++s) {
    space.stages.push_back(read_stage(stages[s], element_field(stages_at, s), cin));
    cin = space.stages.back().out_channels;
    in_size = conv_output_size(in_size, 1, space.stages.back().first_stride, 0);
  }

  const std::string kernels_at = child_field(top, "kernels");
  space.kernel_choices = read_int_list(require_key(doc, "kernels", top), kernels_at);
  require_ascending(space.kernel_choices, kernels_at);
  for (std::size_t i = 0; i < space.kernel_choices.size(); ++i)
    if (space.kernel_choices[i] < 1 || space.kernel_choices[i] % 2 == 0)
      fail_value(element_field(kernels_at, i), space.kernel_choices[i],
                 "kernels must be odd (padding k/2 keeps the size)");

  space.mid_channels =
      read_mid_channels(require_key(doc, "mid_channels", top), child_field(top, "mid_channels"), space.stages);

  const std::string bits_at = child_field(top, "bits");
  const nlohmann::json& bits = require_key(doc, "bits", top);
  require_object(bits, bits_at);
  reject_unknown_keys(bits, {"pw_w", "pw_a", "dw_w", "dw_a"}, bits_at);
  space.bits.pw_w = read_bit_list(bits, "pw_w", bits_at);
  space.bits.pw_a = read_bit_list(bits, "pw_a", bits_at);
  space.bits.dw_w = read_bit_list(bits, "dw_w", bits_at);
  space.bits.dw_a = read_bit_list(bits, "dw_a", bits_at);

  const std::string fixed_at = child_field(top, "fixed_bits");
  const nlohmann::json& fixed = require_key(doc, "fixed_bits", top);
  require_object(fixed, fixed_at);
  reject_unknown_keys(fixed, {"w", "a"}, fixed_at);
  space.fixed_bits.w = read_fixed_bit(fixed, "w", fixed_at);
  space.fixed_bits.a = read_fixed_bit(fixed, "a", fixed_at);

  const std::string tail_at = child_field(top, "tail");
  space.tail = read_fixed_layers(require_key(doc, "tail", top), tail_at, cin, in_size);
  if (space.tail.empty() || space.tail.back().op == LayerOp::AvgPool || cin != space.classes ||
      in_size != 1)
    fail_field(tail_at, "must end in a layer whose 1x1 output has the " + std::to_string(space.classes) + " classes");
  return space;
}

Space load_space(const std::string& path) { return space_from_json(read_json_file(path), path); }

}  // namespace apq::search
