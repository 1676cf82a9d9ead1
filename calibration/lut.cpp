#include "calibration/lut.h"

#include <cmath>

#include <nlohmann/json.hpp>

#include "common/errors.h"
#include "layer/lut_key.h"

namespace apq::calibration {

bool LutValue::operator==(const LutValue& other) const {
  return latency_ms == other.latency_ms && energy_mj == other.energy_mj && cycles == other.cycles &&
         energy_breakdown == other.energy_breakdown;
}

namespace {

std::string json_text(const nlohmann::json& value) { return value.dump(); }

double read_amount(const nlohmann::json& value, const std::string& where) {
  if (!value.is_number())
    throw InputError(where + " = " + json_text(value) + ": expected a number");
  const double v = value.get<double>();
  if (!std::isfinite(v) || v < 0.0)
    throw InputError(where + " = " + json_text(value) + ": expected a finite non-negative number");
  return v;
}

}  // namespace

bool is_lut_key(const std::string& key) {
  return key == kHeadKey || key == kTailKey || parse_lut_key(key).has_value();
}

void check_lut_key(const std::string& key, const std::string& where) {
  if (!is_lut_key(key))
    throw InputError(where + ": key '" + key +
                     "' is not a LUT key: expected \"head\", \"tail\" or "
                     "\"(cin, cout, in_size, k, stride, pad, groups)-W{w}A{a}\"");
}

LutValue value_from_json(const nlohmann::json& value, const std::string& where) {
  if (!value.is_object())
    throw InputError(where + " = " + json_text(value) + ": expected an object with latency and energy");
  LutValue out;
  for (const char* field : {"latency", "energy"})
    if (!value.contains(field)) throw InputError(where + ": missing field '" + field + "'");
  out.latency_ms = read_amount(value.at("latency"), where + ".latency");
  out.energy_mj = read_amount(value.at("energy"), where + ".energy");
  if (value.contains("cycles")) {
    const nlohmann::json& c = value.at("cycles");
    if (!c.is_number_integer() || (!c.is_number_unsigned() && c.get<std::int64_t>() < 0))
      throw InputError(where + ".cycles = " + json_text(c) + ": expected a non-negative whole number");
    out.cycles = c.get<std::int64_t>();
  }
  if (value.contains("energy_breakdown")) {
    const nlohmann::json& b = value.at("energy_breakdown");
    if (!b.is_object())
      throw InputError(where + ".energy_breakdown = " + json_text(b) + ": expected an object of numbers");
    for (auto it = b.begin(); it != b.end(); ++it)
      out.energy_breakdown[it.key()] = read_amount(it.value(), where + ".energy_breakdown." + it.key());
  }
  return out;
}

nlohmann::ordered_json value_to_json(const LutValue& value) {
  nlohmann::ordered_json out;
  out["latency"] = value.latency_ms;
  out["energy"] = value.energy_mj;
  if (value.cycles) out["cycles"] = *value.cycles;
  if (!value.energy_breakdown.empty()) {
    nlohmann::ordered_json breakdown = nlohmann::ordered_json::object();
    for (const auto& [name, mj] : value.energy_breakdown) breakdown[name] = mj;
    out["energy_breakdown"] = breakdown;
  }
  return out;
}

}  // namespace apq::calibration
