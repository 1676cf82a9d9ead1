#include "sim/accel_config.h"

#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "common/errors.h"
#include "common/json_fields.h"

namespace apq::sim {

using namespace json_fields;

namespace {

// A constant documented where it is used: {"value": number, "source": "where it comes from"}.
// Returns the value after recording the source under the constant's field name.
const nlohmann::json& constant_value(const nlohmann::json& parent, const char* key,
                                     const std::string& where, AccelConfig& config) {
  const std::string field = child_field(where, key);
  const nlohmann::json& constant = require_key(parent, key, where);
  require_object(constant, field);
  reject_unknown_keys(constant, {"value", "source"}, field);
  const std::string source = require_string(constant, "source", field);
  if (source.empty()) fail_field(child_field(field, "source"), "must say where the value comes from, got \"\"");
  config.sources[field] = source;
  return require_key(constant, "value", field);
}

std::int64_t read_int64(const nlohmann::json& parent, const char* key, const std::string& where,
                        AccelConfig& config) {
  const nlohmann::json& value = constant_value(parent, key, where, config);
  const std::string field = child_field(child_field(where, key), "value");
  if (!value.is_number_integer()) fail_value(field, value, "expected an integer");
  if (value.is_number_unsigned() &&
      value.get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
    fail_value(field, value, "too large");
  if (value.get<std::int64_t>() <= 0) fail_value(field, value, "must be positive");
  return value.get<std::int64_t>();
}

int read_int(const nlohmann::json& parent, const char* key, const std::string& where, AccelConfig& config) {
  const std::int64_t value = read_int64(parent, key, where, config);
  if (value > std::numeric_limits<int>::max())
    fail_value(child_field(child_field(where, key), "value"), value, "too large");
  return static_cast<int>(value);
}

double read_positive_number(const nlohmann::json& parent, const char* key, const std::string& where,
                            AccelConfig& config) {
  const nlohmann::json& value = constant_value(parent, key, where, config);
  const std::string field = child_field(child_field(where, key), "value");
  const double number = json_fields::read_number(value, field);
  if (!(number > 0.0) || !std::isfinite(number)) fail_value(field, value, "must be positive");
  return number;
}

bool is_power_of_two(int value) { return value > 0 && (value & (value - 1)) == 0; }

// The field that holds the value of constant `key` inside the object at `where`.
std::string value_field(const std::string& where, const char* key) {
  return child_field(child_field(where, key), "value");
}

const nlohmann::json& require_section(const nlohmann::json& parent, const char* key, const std::string& where) {
  const nlohmann::json& section = require_key(parent, key, where);
  require_object(section, child_field(where, key));
  return section;
}

void read_array(const nlohmann::json& top, const std::string& where, AccelConfig& config) {
  const std::string at = child_field(where, "array");
  const nlohmann::json& array = require_section(top, "array", where);
  reject_unknown_keys(array,
                      {"rows", "cols", "bitbricks_per_unit", "min_precision_bits", "max_precision_bits",
                       "clock_mhz"},
                      at);
  config.rows = read_int(array, "rows", at, config);
  config.cols = read_int(array, "cols", at, config);
  config.bitbricks_per_unit = read_int(array, "bitbricks_per_unit", at, config);
  config.min_precision_bits = read_int(array, "min_precision_bits", at, config);
  config.max_precision_bits = read_int(array, "max_precision_bits", at, config);
  config.clock_mhz = read_positive_number(array, "clock_mhz", at, config);

  // BitBricks fuse in powers of two: a unit of (max/min)^2 bricks computes one max x max product.
  if (!is_power_of_two(config.min_precision_bits))
    fail_value(value_field(at, "min_precision_bits"), config.min_precision_bits, "must be a power of two");
  if (!is_power_of_two(config.max_precision_bits) || config.max_precision_bits < config.min_precision_bits)
    fail_value(value_field(at, "max_precision_bits"), config.max_precision_bits,
               "must be a power of two no smaller than min_precision_bits");
  const int ratio = config.max_precision_bits / config.min_precision_bits;
  if (config.bitbricks_per_unit != ratio * ratio)
    fail_value(value_field(at, "bitbricks_per_unit"), config.bitbricks_per_unit,
               "must be (max_precision_bits / min_precision_bits)^2 = " + std::to_string(ratio * ratio));
}

BufferConfig read_buffer(const nlohmann::json& buffers, const char* key, const std::string& where,
                         AccelConfig& config) {
  const std::string at = child_field(where, key);
  const nlohmann::json& object = require_section(buffers, key, where);
  reject_unknown_keys(object,
                      {"size_bytes", "banks", "read_energy_pj_per_bit", "write_energy_pj_per_bit", "leakage_mw"},
                      at);
  BufferConfig buffer;
  buffer.size_bytes = read_int64(object, "size_bytes", at, config);
  buffer.banks = read_int64(object, "banks", at, config);
  buffer.read_energy_pj_per_bit = read_positive_number(object, "read_energy_pj_per_bit", at, config);
  buffer.write_energy_pj_per_bit = read_positive_number(object, "write_energy_pj_per_bit", at, config);
  buffer.leakage_mw = read_positive_number(object, "leakage_mw", at, config);
  if (buffer.size_bytes % buffer.banks != 0)
    fail_value(value_field(at, "banks"), buffer.banks,
               "must divide size_bytes = " + std::to_string(buffer.size_bytes));
  return buffer;
}

void read_buffers(const nlohmann::json& top, const std::string& where, AccelConfig& config) {
  const std::string at = child_field(where, "buffers");
  const nlohmann::json& buffers = require_section(top, "buffers", where);
  reject_unknown_keys(buffers, {"wbuf", "ibuf", "obuf"}, at);
  config.wbuf = read_buffer(buffers, "wbuf", at, config);
  config.ibuf = read_buffer(buffers, "ibuf", at, config);
  config.obuf = read_buffer(buffers, "obuf", at, config);
}

void read_memory(const nlohmann::json& top, const std::string& where, AccelConfig& config) {
  const std::string at = child_field(where, "memory");
  const nlohmann::json& memory = require_section(top, "memory", where);
  reject_unknown_keys(memory, {"interface_bits_per_cycle", "dram_latency_cycles", "dram_energy_pj_per_bit"},
                      at);
  config.interface_bits_per_cycle = read_int64(memory, "interface_bits_per_cycle", at, config);
  config.dram_latency_cycles = read_int64(memory, "dram_latency_cycles", at, config);
  config.dram_energy_pj_per_bit = read_positive_number(memory, "dram_energy_pj_per_bit", at, config);
}

void read_core(const nlohmann::json& top, const std::string& where, AccelConfig& config) {
  const std::string at = child_field(where, "core");
  const nlohmann::json& core = require_section(top, "core", where);
  reject_unknown_keys(core, {"dynamic_energy_nj_per_cycle", "leakage_mw"}, at);
  config.core_dynamic_energy_nj_per_cycle = read_positive_number(core, "dynamic_energy_nj_per_cycle", at, config);
  config.core_leakage_mw = read_positive_number(core, "leakage_mw", at, config);
}

}  // namespace

AccelConfig parse_accel_config(const std::string& json_text, const std::string& origin) {
  const nlohmann::json top = parse_json(json_text, origin);
  const std::string where = top_field(origin);
  if (!top.is_object()) fail_value(where, top, "expected a JSON object");
  reject_unknown_keys(top, {"name", "description", "array", "buffers", "memory", "core"}, where);
  AccelConfig config;
  config.name = require_string(top, "name", where);
  if (config.name.empty()) fail_field(child_field(where, "name"), "must not be empty");
  config.description = require_string(top, "description", where);
  read_array(top, where, config);
  read_buffers(top, where, config);
  read_memory(top, where, config);
  read_core(top, where, config);
  // The sources were recorded under their full field names; the configuration keys them by
  // their dotted path inside the file.
  std::map<std::string, std::string> sources;
  for (const auto& [field, source] : config.sources) sources[field.substr(where.size())] = source;
  config.sources = std::move(sources);
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
