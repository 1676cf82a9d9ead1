#include "sim/network_file.h"

#include <fstream>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "common/errors.h"
#include "common/json_fields.h"

namespace apq::sim {

using namespace json_fields;

namespace {

int read_int_or(const nlohmann::json& object, const char* key, const std::string& where, int fallback) {
  const auto found = object.find(key);
  return found == object.end() ? fallback : read_int(*found, child_field(where, key));
}

LayerOp read_op(const nlohmann::json& object, const std::string& where) {
  if (!object.contains("op")) return LayerOp::Conv;
  const std::string op = require_string(object, "op", where);
  for (LayerOp candidate : {LayerOp::Conv, LayerOp::FullyConnected, LayerOp::AvgPool,
                         LayerOp::MaxPool, LayerOp::Add})
    if (op == layer_op_name(candidate)) return candidate;
  fail_value(child_field(where, "op"), op, "must be one of conv, fc, avgpool, maxpool, add");
}

NetworkLayer read_layer(const nlohmann::json& object, const std::string& where, int batch,
                        const std::map<std::string, std::size_t>& earlier) {
  require_object(object, where);
  NetworkLayer layer;
  layer.op = read_op(object, where);
  LayerShape& s = layer.shape;
  s.batch = batch;
  switch (layer.op) {
    case LayerOp::Conv:
      reject_unknown_keys(object,
                          {"name", "op", "cin", "cout", "in_size", "kernel", "stride", "padding", "groups",
                           "wbits", "abits", "im2col"},
                          where);
      s.cin = require_int(object, "cin", where);
      s.cout = require_int(object, "cout", where);
      s.in_size = require_int(object, "in_size", where);
      s.kernel = require_int(object, "kernel", where);
      s.stride = read_int_or(object, "stride", where, 1);
      s.padding = read_int_or(object, "padding", where, 0);
      s.groups = read_int_or(object, "groups", where, 1);
      s.wbits = require_int(object, "wbits", where);
      s.abits = require_int(object, "abits", where);
      if (object.contains("im2col")) {
        const nlohmann::json& value = object.at("im2col");
        if (!value.is_boolean()) fail_value(child_field(where, "im2col"), value, "expected true or false");
        layer.im2col = value.get<bool>();
      }
      break;
    case LayerOp::FullyConnected:
      reject_unknown_keys(object, {"name", "op", "cin", "cout", "wbits", "abits"}, where);
      s.cin = require_int(object, "cin", where);
      s.cout = require_int(object, "cout", where);
      s.wbits = require_int(object, "wbits", where);
      s.abits = require_int(object, "abits", where);
      break;
    case LayerOp::AvgPool:
    case LayerOp::MaxPool:
      reject_unknown_keys(object, {"name", "op", "channels", "in_size", "kernel", "stride", "padding", "bits"},
                          where);
      s.cin = s.cout = s.groups = require_int(object, "channels", where);
      s.in_size = require_int(object, "in_size", where);
      s.kernel = require_int(object, "kernel", where);
      s.stride = read_int_or(object, "stride", where, s.kernel);
      s.padding = read_int_or(object, "padding", where, 0);
      s.abits = s.wbits = require_int(object, "bits", where);
      break;
    case LayerOp::Add:
      reject_unknown_keys(object, {"name", "op", "channels", "size", "bits", "skip"}, where);
      s.cin = s.cout = require_int(object, "channels", where);
      s.in_size = require_int(object, "size", where);
      s.abits = s.wbits = require_int(object, "bits", where);
      if (object.contains("skip")) {
        const std::string skip = require_string(object, "skip", where);
        const auto source = earlier.find(skip);
        if (source == earlier.end())
          fail_value(child_field(where, "skip"), skip, "must name an earlier layer");
        layer.skip_source = source->second;
      }
      break;
  }
  if (object.contains("name")) layer.name = require_string(object, "name", where);
  try {
    validate_layer(s);
  } catch (const InputError& error) {
    fail_field(where, error.what());
  }
  return layer;
}

}  // namespace

Network parse_network(const std::string& json_text, const std::string& origin) {
  const nlohmann::json top = parse_json(json_text, origin);
  const std::string where = top_field(origin);
  if (!top.is_object()) fail_value(where, top, "expected a JSON object");
  reject_unknown_keys(top, {"name", "batch", "layers"}, where);
  Network network;
  network.name = top.contains("name") ? require_string(top, "name", where) : origin;
  const int batch = read_int_or(top, "batch", where, 1);
  if (batch < 1) fail_value(child_field(where, "batch"), batch, "must be at least 1");

  const std::string layers_field = child_field(where, "layers");
  const nlohmann::json& layers = require_key(top, "layers", where);
  if (!layers.is_array() || layers.empty()) fail_value(layers_field, layers, "expected a non-empty list of layers");
  std::map<std::string, std::size_t> names;
  for (std::size_t i = 0; i < layers.size(); ++i) {
    const std::string at = element_field(layers_field, i);
    NetworkLayer layer = read_layer(layers[i], at, batch, names);
    if (layer.name.empty()) layer.name = "layer" + std::to_string(i);
    if (!names.emplace(layer.name, i).second)
      fail_value(child_field(at, "name"), layer.name, "repeats an earlier layer's name");
    network.layers.push_back(layer);
  }
  return network;
}

Network load_network_file(const std::string& path) {
  std::ifstream file(path);
  if (!file) throw InputError(path + ": cannot open network file");
  std::ostringstream text;
  text << file.rdbuf();
  return parse_network(text.str(), path);
}

std::string network_to_json(const Network& network) {
  std::string out = "{\n  \"name\": " + nlohmann::json(network.name).dump() + ",\n";
  const int batch = network.layers.empty() ? 1 : network.layers.front().shape.batch;
  out += "  \"batch\": " + std::to_string(batch) + ",\n  \"layers\": [\n";
  for (std::size_t i = 0; i < network.layers.size(); ++i) {
    const NetworkLayer& layer = network.layers[i];
    const LayerShape& s = layer.shape;
    nlohmann::ordered_json entry;
    entry["name"] = layer.name;
    entry["op"] = layer_op_name(layer.op);
    switch (layer.op) {
      case LayerOp::Conv:
        entry["cin"] = s.cin;
        entry["cout"] = s.cout;
        entry["in_size"] = s.in_size;
        entry["kernel"] = s.kernel;
        entry["stride"] = s.stride;
        entry["padding"] = s.padding;
        entry["groups"] = s.groups;
        entry["wbits"] = s.wbits;
        entry["abits"] = s.abits;
        if (layer.im2col) entry["im2col"] = *layer.im2col;
        break;
      case LayerOp::FullyConnected:
        entry["cin"] = s.cin;
        entry["cout"] = s.cout;
        entry["wbits"] = s.wbits;
        entry["abits"] = s.abits;
        break;
      case LayerOp::AvgPool:
      case LayerOp::MaxPool:
        entry["channels"] = s.cin;
        entry["in_size"] = s.in_size;
        entry["kernel"] = s.kernel;
        entry["stride"] = s.stride;
        entry["padding"] = s.padding;
        entry["bits"] = s.abits;
        break;
      case LayerOp::Add:
        entry["channels"] = s.cin;
        entry["size"] = s.in_size;
        entry["bits"] = s.abits;
        if (layer.skip_source) entry["skip"] = network.layers[*layer.skip_source].name;
        break;
    }
    out += "    " + entry.dump() + (i + 1 < network.layers.size() ? ",\n" : "\n");
  }
  out += "  ]\n}\n";
  return out;
}

}  // namespace apq::sim
