#include "sim/accel_config.h"

#include <climits>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "common/errors.h"
#include "sim/json_fields.h"

namespace apq::sim {

namespace {

using json_fields::child;
using json_fields::Where;

// Reads an integer constant into an int field, recording its source note.
int read_int(const nlohmann::json& parent, const char* key, const Where& where,
             AccelConfig& config) {
  const auto constant = json_fields::require_positive_integer_constant(parent, key, where);
  if (constant.value > INT_MAX)
    json_fields::fail(child(child(where, key), "value"),
                      "is too large, got " + std::to_string(constant.value));
  config.sources[child(where, key).path] = constant.source;
  return static_cast<int>(constant.value);
}

std::int64_t read_int64(const nlohmann::json& parent, const char* key, const Where& where,
                        AccelConfig& config) {
  const auto constant = json_fields::require_positive_integer_constant(parent, key, where);
  config.sources[child(where, key).path] = constant.source;
  return constant.value;
}

double read_number(const nlohmann::json& parent, const char* key, const Where& where,
                   AccelConfig& config) {
  const auto constant = json_fields::require_positive_constant(parent, key, where);
  config.sources[child(where, key).path] = constant.source;
  return constant.value;
}

bool is_power_of_two(int value) { return value > 0 && (value & (value - 1)) == 0; }

void read_array(const nlohmann::json& top, const Where& where, AccelConfig& config) {
  const nlohmann::json& array = json_fields::require_object(top, "array", where);
  const Where at = child(where, "array");
  json_fields::reject_unknown_keys(array,
                                   {"rows", "cols", "bitbricks_per_unit", "min_precision_bits",
                                    "max_precision_bits", "clock_mhz"},
                                   at);
  config.rows = read_int(array, "rows", at, config);
  config.cols = read_int(array, "cols", at, config);
  config.bitbricks_per_unit = read_int(array, "bitbricks_per_unit", at, config);
  config.min_precision_bits = read_int(array, "min_precision_bits", at, config);
  config.max_precision_bits = read_int(array, "max_precision_bits", at, config);
  config.clock_mhz = read_number(array, "clock_mhz", at, config);

  // BitBricks fuse in powers of two: a unit of (max/min)^2 bricks computes one max x max product.
  if (!is_power_of_two(config.min_precision_bits))
    json_fields::fail(child(child(at, "min_precision_bits"), "value"),
                      "must be a power of two, got " + std::to_string(config.min_precision_bits));
  if (!is_power_of_two(config.max_precision_bits) ||
      config.max_precision_bits < config.min_precision_bits)
    json_fields::fail(child(child(at, "max_precision_bits"), "value"),
                      "must be a power of two no smaller than min_precision_bits, got " +
                          std::to_string(config.max_precision_bits));
  const int ratio = config.max_precision_bits / config.min_precision_bits;
  if (config.bitbricks_per_unit != ratio * ratio)
    json_fields::fail(child(child(at, "bitbricks_per_unit"), "value"),
                      "must be (max_precision_bits / min_precision_bits)^2 = " +
                          std::to_string(ratio * ratio) + ", got " +
                          std::to_string(config.bitbricks_per_unit));
}

BufferConfig read_buffer(const nlohmann::json& buffers, const char* key, const Where& where,
                         AccelConfig& config) {
  const nlohmann::json& object = json_fields::require_object(buffers, key, where);
  const Where at = child(where, key);
  json_fields::reject_unknown_keys(object,
                                   {"size_bytes", "banks", "read_energy_pj_per_bit",
                                    "write_energy_pj_per_bit", "leakage_mw"},
                                   at);
  BufferConfig buffer;
  buffer.size_bytes = read_int64(object, "size_bytes", at, config);
  buffer.banks = read_int64(object, "banks", at, config);
  buffer.read_energy_pj_per_bit = read_number(object, "read_energy_pj_per_bit", at, config);
  buffer.write_energy_pj_per_bit = read_number(object, "write_energy_pj_per_bit", at, config);
  buffer.leakage_mw = read_number(object, "leakage_mw", at, config);
  if (buffer.size_bytes % buffer.banks != 0)
    json_fields::fail(child(child(at, "banks"), "value"),
                      "must divide size_bytes = " + std::to_string(buffer.size_bytes) + ", got " +
                          std::to_string(buffer.banks));
  return buffer;
}

void read_buffers(const nlohmann::json& top, const Where& where, AccelConfig& config) {
  const nlohmann::json& buffers = json_fields::require_object(top, "buffers", where);
  const Where at = child(where, "buffers");
  json_fields::reject_unknown_keys(buffers, {"wbuf", "ibuf", "obuf"}, at);
  config.wbuf = read_buffer(buffers, "wbuf", at, config);
  config.ibuf = read_buffer(buffers, "ibuf", at, config);
  config.obuf = read_buffer(buffers, "obuf", at, config);
}

void read_memory(const nlohmann::json& top, const Where& where, AccelConfig& config) {
  const nlohmann::json& memory = json_fields::require_object(top, "memory", where);
  const Where at = child(where, "memory");
  json_fields::reject_unknown_keys(
      memory, {"interface_bits_per_cycle", "dram_latency_cycles", "dram_energy_pj_per_bit"}, at);
  config.interface_bits_per_cycle = read_int64(memory, "interface_bits_per_cycle", at, config);
  config.dram_latency_cycles = read_int64(memory, "dram_latency_cycles", at, config);
  config.dram_energy_pj_per_bit = read_number(memory, "dram_energy_pj_per_bit", at, config);
}

void read_core(const nlohmann::json& top, const Where& where, AccelConfig& config) {
  const nlohmann::json& core = json_fields::require_object(top, "core", where);
  const Where at = child(where, "core");
  json_fields::reject_unknown_keys(core, {"dynamic_energy_nj_per_cycle", "leakage_mw"}, at);
  config.core_dynamic_energy_nj_per_cycle =
      read_number(core, "dynamic_energy_nj_per_cycle", at, config);
  config.core_leakage_mw = read_number(core, "leakage_mw", at, config);
}

}  // namespace

AccelConfig parse_accel_config(const std::string& json_text, const std::string& origin) {
  nlohmann::json top;
  try {
    top = nlohmann::json::parse(json_text);
  } catch (const nlohmann::json::parse_error& error) {
    throw InputError(origin + ": malformed JSON: " + error.what());
  }
  const Where where{origin, ""};
  if (!top.is_object()) throw InputError(origin + ": must hold a JSON object, got " + top.dump());
  json_fields::reject_unknown_keys(top,
                                   {"name", "description", "array", "buffers", "memory", "core"},
                                   where);
  AccelConfig config;
  config.name = json_fields::require_string(top, "name", where);
  if (config.name.empty()) json_fields::fail(child(where, "name"), "must not be empty");
  config.description = json_fields::require_string(top, "description", where);
  read_array(top, where, config);
  read_buffers(top, where, config);
  read_memory(top, where, config);
  read_core(top, where, config);
  return config;
}

AccelConfig load_accel_config(const std::string& path) {
  std::ifstream file(path);
  if (!file) throw InputError(path + ": cannot open accelerator configuration");
  std::ostringstream text;
  text << file.rdbuf();
  return parse_accel_config(text.str(), path);
}

}  // namespace apq::sim
