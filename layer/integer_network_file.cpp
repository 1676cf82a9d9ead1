#include "layer/integer_network_file.h"

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "common/errors.h"
#include "common/json_fields.h"

namespace apq {

const char* const kIntegerNetworkFormat = "apq-integer-network-1";

namespace {

using namespace json_fields;
using nlohmann::json;
using nlohmann::ordered_json;

std::vector<std::int32_t> read_int32_list(const json& object, const char* key, const std::string& where) {
  const std::vector<int> values = read_int_list(require_key(object, key, where), child_field(where, key));
  return {values.begin(), values.end()};
}

bool read_bool_or(const json& object, const char* key, const std::string& where, bool fallback) {
  return object.contains(key) ? read_bool(object.at(key), child_field(where, key)) : fallback;
}

int read_int_or(const json& object, const char* key, const std::string& where, int fallback) {
  return object.contains(key) ? require_int(object, key, where) : fallback;
}

LayerOp read_op(const json& object, const std::string& where) {
  const std::string op = require_string(object, "op", where);
  for (LayerOp candidate : {LayerOp::Conv, LayerOp::FullyConnected, LayerOp::AvgPool, LayerOp::Add})
    if (op == layer_op_name(candidate)) return candidate;
  fail_value(child_field(where, "op"), op, "expected conv, fc, avgpool or add");
}

IntegerLayer read_layer(const json& object, const std::string& where) {
  require_object(object, where);
  IntegerLayer layer;
  layer.op = read_op(object, where);
  LayerShape& s = layer.shape;
  switch (layer.op) {
    case LayerOp::Conv:
      reject_unknown_keys(object, {"name", "op", "cin", "cout", "in_size", "kernel", "stride", "padding", "groups",
                                   "wbits", "abits", "input_signed", "weights", "bias", "multiplier", "shift",
                                   "output_min", "output_max", "output_scale"},
                          where);
      s.cin = require_int(object, "cin", where);
      s.cout = require_int(object, "cout", where);
      s.in_size = require_int(object, "in_size", where);
      s.kernel = require_int(object, "kernel", where);
      s.stride = read_int_or(object, "stride", where, 1);
      s.padding = read_int_or(object, "padding", where, 0);
      s.groups = read_int_or(object, "groups", where, 1);
      break;
    case LayerOp::FullyConnected:
      reject_unknown_keys(object, {"name", "op", "cin", "cout", "wbits", "abits", "input_signed", "weights", "bias",
                                   "multiplier", "shift", "output_min", "output_max", "output_scale"},
                          where);
      s.cin = require_int(object, "cin", where);
      s.cout = require_int(object, "cout", where);
      break;
    case LayerOp::AvgPool:
      reject_unknown_keys(object, {"name", "op", "channels", "in_size", "kernel", "stride", "bits", "multiplier",
                                   "shift", "output_min", "output_max", "output_scale"},
                          where);
      s.cin = s.cout = require_int(object, "channels", where);
      s.in_size = require_int(object, "in_size", where);
      s.kernel = require_int(object, "kernel", where);
      s.stride = read_int_or(object, "stride", where, s.kernel);
      s.abits = require_int(object, "bits", where);
      break;
    default:  // add
      reject_unknown_keys(object, {"name", "op", "channels", "size", "bits", "skip", "skip_shift", "multiplier",
                                   "shift", "output_min", "output_max", "output_scale"},
                          where);
      s.cin = s.cout = require_int(object, "channels", where);
      s.in_size = require_int(object, "size", where);
      s.abits = require_int(object, "bits", where);
      layer.skip = require_string(object, "skip", where);
      layer.skip_shift = require_int(object, "skip_shift", where);
      break;
  }
  layer.name = require_string(object, "name", where);
  if (runs_on_array(layer.op)) {
    s.wbits = require_int(object, "wbits", where);
    s.abits = require_int(object, "abits", where);
    layer.input_signed = read_bool_or(object, "input_signed", where, false);
    layer.weights = read_int32_list(object, "weights", where);
    layer.bias = read_int32_list(object, "bias", where);
  }
  const std::vector<std::int32_t> multipliers = read_int32_list(object, "multiplier", where);
  const std::vector<std::int32_t> shifts = read_int32_list(object, "shift", where);
  if (shifts.size() != multipliers.size())
    fail_value(child_field(where, "shift"), shifts.size(), "values, but multiplier has " + std::to_string(multipliers.size()));
  for (std::size_t c = 0; c < multipliers.size(); ++c) layer.requantization.push_back({multipliers[c], shifts[c]});
  layer.output_min = require_int(object, "output_min", where);
  layer.output_max = require_int(object, "output_max", where);
  layer.output_scale = read_number(require_key(object, "output_scale", where), child_field(where, "output_scale"));
  return layer;
}

ordered_json layer_json(const IntegerLayer& layer) {
  const LayerShape& s = layer.shape;
  ordered_json out;
  out["name"] = layer.name;
  out["op"] = layer_op_name(layer.op);
  switch (layer.op) {
    case LayerOp::Conv:
      out["cin"] = s.cin;
      out["cout"] = s.cout;
      out["in_size"] = s.in_size;
      out["kernel"] = s.kernel;
      out["stride"] = s.stride;
      out["padding"] = s.padding;
      out["groups"] = s.groups;
      break;
    case LayerOp::FullyConnected:
      out["cin"] = s.cin;
      out["cout"] = s.cout;
      break;
    case LayerOp::AvgPool:
      out["channels"] = s.cin;
      out["in_size"] = s.in_size;
      out["kernel"] = s.kernel;
      out["stride"] = s.stride;
      out["bits"] = s.abits;
      break;
    default:
      out["channels"] = s.cin;
      out["size"] = s.in_size;
      out["bits"] = s.abits;
      out["skip"] = layer.skip;
      out["skip_shift"] = layer.skip_shift;
      break;
  }
  if (runs_on_array(layer.op)) {
    out["wbits"] = s.wbits;
    out["abits"] = s.abits;
    out["input_signed"] = layer.input_signed;
    out["weights"] = layer.weights;
    out["bias"] = layer.bias;
  }
  ordered_json multipliers = ordered_json::array(), shifts = ordered_json::array();
  for (const Requantization& r : layer.requantization) {
    multipliers.push_back(r.multiplier);
    shifts.push_back(r.shift);
  }
  out["multiplier"] = multipliers;
  out["shift"] = shifts;
  out["output_min"] = layer.output_min;
  out["output_max"] = layer.output_max;
  out["output_scale"] = layer.output_scale;
  return out;
}

}  // namespace

IntegerNetwork parse_integer_network(const std::string& json_text, const std::string& origin) {
  const json top = parse_json(json_text, origin);
  const std::string where = top_field(origin);
  require_object(top, where);
  reject_unknown_keys(top, {"format", "name", "input", "layers"}, where);
  const std::string format = require_string(top, "format", where);
  if (format != kIntegerNetworkFormat)
    fail_value(child_field(where, "format"), format, std::string("expected \"") + kIntegerNetworkFormat + "\"");
  IntegerNetwork network;
  network.name = top.contains("name") ? require_string(top, "name", where) : origin;
  const std::string input_field = child_field(where, "input");
  const json& input = require_key(top, "input", where);
  require_object(input, input_field);
  reject_unknown_keys(input, {"channels", "size", "bits", "signed", "scale", "table"}, input_field);
  network.input_channels = require_int(input, "channels", input_field);
  network.input_size = require_int(input, "size", input_field);
  network.input_bits = require_int(input, "bits", input_field);
  network.input_signed = read_bool(require_key(input, "signed", input_field), child_field(input_field, "signed"));
  network.input_scale = read_number(require_key(input, "scale", input_field), child_field(input_field, "scale"));
  const std::string table_field = child_field(input_field, "table");
  const json& tables = require_key(input, "table", input_field);
  if (!tables.is_array()) fail_value(table_field, tables, "expected a list of 256-value lists, one per channel");
  for (std::size_t c = 0; c < tables.size(); ++c) {
    const std::vector<int> table = read_int_list(tables[c], element_field(table_field, c));
    network.input_table.emplace_back(table.begin(), table.end());
  }
  const std::string layers_field = child_field(where, "layers");
  const json& layers = require_key(top, "layers", where);
  if (!layers.is_array() || layers.empty()) fail_value(layers_field, layers, "expected a non-empty list of layers");
  for (std::size_t i = 0; i < layers.size(); ++i)
    network.layers.push_back(read_layer(layers[i], element_field(layers_field, i)));
  validate_integer_network(network, origin);
  return network;
}

IntegerNetwork load_integer_network(const std::string& path) {
  std::ifstream file(path);
  if (!file) throw InputError(path + ": cannot open integer network file");
  std::ostringstream text;
  text << file.rdbuf();
  return parse_integer_network(text.str(), path);
}

std::string integer_network_to_json(const IntegerNetwork& network) {
  ordered_json input;
  input["channels"] = network.input_channels;
  input["size"] = network.input_size;
  input["bits"] = network.input_bits;
  input["signed"] = network.input_signed;
  input["scale"] = network.input_scale;
  input["table"] = network.input_table;
  std::string out = "{\n  \"format\": " + json(kIntegerNetworkFormat).dump() + ",\n  \"name\": " +
                    json(network.name).dump() + ",\n  \"input\": " + input.dump() + ",\n  \"layers\": [\n";
  for (std::size_t i = 0; i < network.layers.size(); ++i)
    out += "    " + layer_json(network.layers[i]).dump() + (i + 1 < network.layers.size() ? ",\n" : "\n");
  return out + "  ]\n}\n";
}

bool is_integer_network_json(const std::string& json_text) {
  const json top = json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  return top.is_object() && top.contains("format");
}

}  // namespace apq
