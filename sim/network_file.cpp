#include "sim/network_file.h"

#include <climits>
#include <fstream>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "common/errors.h"
#include "sim/json_fields.h"

namespace apq::sim {

namespace {

using json_fields::child;
using json_fields::Where;

int read_int(const nlohmann::json& object, const char* key, const Where& where) {
  const auto found = object.find(key);
  if (found == object.end())
    throw InputError(where.file + ": missing required key '" + child(where, key).path + "'");
  if (!found->is_number_integer())
    json_fields::fail(child(where, key), "must be an integer, got " + found->dump());
  const auto value = found->get<std::int64_t>();
  if (value < INT_MIN || value > INT_MAX)
    json_fields::fail(child(where, key), "is out of range, got " + found->dump());
  return static_cast<int>(value);
}

int read_int_or(const nlohmann::json& object, const char* key, const Where& where, int fallback) {
  return object.contains(key) ? read_int(object, key, where) : fallback;
}

LayerKind read_kind(const nlohmann::json& object, const Where& where) {
  if (!object.contains("op")) return LayerKind::Conv;
  const std::string op = json_fields::require_string(object, "op", where);
  for (LayerKind kind : {LayerKind::Conv, LayerKind::FullyConnected, LayerKind::AvgPool,
                         LayerKind::MaxPool, LayerKind::Add})
    if (op == layer_kind_name(kind)) return kind;
  json_fields::fail(child(where, "op"),
                    "must be one of conv, fc, avgpool, maxpool, add, got \"" + op + "\"");
}

NetworkLayer read_layer(const nlohmann::json& object, const Where& where, int batch,
                        const std::map<std::string, std::size_t>& earlier) {
  if (!object.is_object()) json_fields::fail(where, "must be an object, got " + object.dump());
  NetworkLayer layer;
  layer.kind = read_kind(object, where);
  LayerShape& s = layer.shape;
  s.batch = batch;
  switch (layer.kind) {
    case LayerKind::Conv:
      json_fields::reject_unknown_keys(object,
                                       {"name", "op", "cin", "cout", "in_size", "kernel", "stride",
                                        "padding", "groups", "wbits", "abits", "im2col"},
                                       where);
      s.cin = read_int(object, "cin", where);
      s.cout = read_int(object, "cout", where);
      s.in_size = read_int(object, "in_size", where);
      s.kernel = read_int(object, "kernel", where);
      s.stride = read_int_or(object, "stride", where, 1);
      s.padding = read_int_or(object, "padding", where, 0);
      s.groups = read_int_or(object, "groups", where, 1);
      s.wbits = read_int(object, "wbits", where);
      s.abits = read_int(object, "abits", where);
      if (object.contains("im2col")) {
        const nlohmann::json& value = object.at("im2col");
        if (!value.is_boolean())
          json_fields::fail(child(where, "im2col"), "must be true or false, got " + value.dump());
        layer.im2col = value.get<bool>();
      }
      break;
    case LayerKind::FullyConnected:
      json_fields::reject_unknown_keys(object, {"name", "op", "cin", "cout", "wbits", "abits"},
                                       where);
      s.cin = read_int(object, "cin", where);
      s.cout = read_int(object, "cout", where);
      s.wbits = read_int(object, "wbits", where);
      s.abits = read_int(object, "abits", where);
      break;
    case LayerKind::AvgPool:
    case LayerKind::MaxPool:
      json_fields::reject_unknown_keys(
          object, {"name", "op", "channels", "in_size", "kernel", "stride", "padding", "bits"}, where);
      s.cin = s.cout = s.groups = read_int(object, "channels", where);
      s.in_size = read_int(object, "in_size", where);
      s.kernel = read_int(object, "kernel", where);
      s.stride = read_int_or(object, "stride", where, s.kernel);
      s.padding = read_int_or(object, "padding", where, 0);
      s.abits = s.wbits = read_int(object, "bits", where);
      break;
    case LayerKind::Add:
      json_fields::reject_unknown_keys(object, {"name", "op", "channels", "size", "bits", "skip"},
                                       where);
      s.cin = s.cout = read_int(object, "channels", where);
      s.in_size = read_int(object, "size", where);
      s.abits = s.wbits = read_int(object, "bits", where);
      if (object.contains("skip")) {
        const std::string skip = json_fields::require_string(object, "skip", where);
        const auto source = earlier.find(skip);
        if (source == earlier.end())
          json_fields::fail(child(where, "skip"),
                            "must name an earlier layer, got \"" + skip + "\"");
        layer.skip_source = source->second;
      }
      break;
  }
  if (object.contains("name")) layer.name = json_fields::require_string(object, "name", where);
  try {
    validate_layer(s);
  } catch (const InputError& error) {
    throw InputError(where.file + ": '" + where.path + "': " + error.what());
  }
  return layer;
}

}  // namespace

Network parse_network(const std::string& json_text, const std::string& origin) {
  nlohmann::json top;
  try {
    top = nlohmann::json::parse(json_text);
  } catch (const nlohmann::json::parse_error& error) {
    throw InputError(origin + ": malformed JSON: " + error.what());
  }
  if (!top.is_object()) throw InputError(origin + ": must hold a JSON object, got " + top.dump());
  const Where where{origin, ""};
  json_fields::reject_unknown_keys(top, {"name", "batch", "layers"}, where);
  Network network;
  network.name = top.contains("name") ? json_fields::require_string(top, "name", where) : origin;
  const int batch = read_int_or(top, "batch", where, 1);
  if (batch < 1) json_fields::fail(child(where, "batch"), "must be at least 1, got " + std::to_string(batch));

  const auto layers = top.find("layers");
  if (layers == top.end()) throw InputError(origin + ": missing required key 'layers'");
  if (!layers->is_array() || layers->empty())
    json_fields::fail(child(where, "layers"), "must be a non-empty array, got " + layers->dump());
  std::map<std::string, std::size_t> names;
  for (std::size_t i = 0; i < layers->size(); ++i) {
    const Where at{origin, "layers[" + std::to_string(i) + "]"};
    NetworkLayer layer = read_layer((*layers)[i], at, batch, names);
    if (layer.name.empty()) layer.name = "layer" + std::to_string(i);
    if (!names.emplace(layer.name, i).second)
      json_fields::fail(child(at, "name"), "repeats an earlier layer's name, got \"" + layer.name + "\"");
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
    entry["op"] = layer_kind_name(layer.kind);
    switch (layer.kind) {
      case LayerKind::Conv:
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
      case LayerKind::FullyConnected:
        entry["cin"] = s.cin;
        entry["cout"] = s.cout;
        entry["wbits"] = s.wbits;
        entry["abits"] = s.abits;
        break;
      case LayerKind::AvgPool:
      case LayerKind::MaxPool:
        entry["channels"] = s.cin;
        entry["in_size"] = s.in_size;
        entry["kernel"] = s.kernel;
        entry["stride"] = s.stride;
        entry["padding"] = s.padding;
        entry["bits"] = s.abits;
        break;
      case LayerKind::Add:
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
