#include "calibration/lut.h"

#include <cmath>

#include <nlohmann/json.hpp>

#include "calibration/row_context.h"
#include "common/errors.h"
#include "layer/lut_key.h"

namespace apq::calibration {

bool RowResidency::operator==(const RowResidency& other) const {
  return input == other.input && output == other.output && prefetched == other.prefetched;
}

bool LutValue::operator==(const LutValue& other) const {
  return latency_ms == other.latency_ms && energy_mj == other.energy_mj && cycles == other.cycles &&
         energy_breakdown == other.energy_breakdown && residency == other.residency;
}

const char* lut_format_name(LutFormat format) { return format == LutFormat::Context ? "context" : "apq"; }

LutFormat parse_lut_format(const std::string& text, const std::string& option) {
  if (text == "context") return LutFormat::Context;
  if (text == "apq") return LutFormat::Apq;
  throw UsageError(option + " must be context or apq, got '" + text + "'");
}

LutFormat lut_format_of(const Lut& lut) {
  return !lut.empty() && lut.begin()->first.find('@') != std::string::npos ? LutFormat::Context : LutFormat::Apq;
}

void check_one_format(const Lut& lut, const std::string& origin) {
  const LutFormat format = lut_format_of(lut);
  for (const auto& entry : lut)
    if ((entry.first.find('@') != std::string::npos) != (format == LutFormat::Context))
      throw InputError(origin + ": key '" + entry.first + "' and key '" + lut.begin()->first +
                       "' are of different tables (one with a context, one without): a LUT is either "
                       "context-aware or APQ's");
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

namespace {

bool is_apq_key(const std::string& key) {
  return key == kHeadKey || key == kTailKey || parse_lut_key(key).has_value();
}

RowResidency read_residency(const nlohmann::json& value, const std::string& where) {
  if (!value.is_object())
    throw InputError(where + " = " + json_text(value) + ": expected an object with input, output and prefetched");
  const auto place = [&](const char* field, std::initializer_list<const char*> allowed) {
    if (!value.contains(field)) throw InputError(where + ": missing field '" + field + "'");
    const nlohmann::json& v = value.at(field);
    if (v.is_string())
      for (const char* a : allowed)
        if (v.get<std::string>() == a) return std::string(a);
    std::string expected;
    for (const char* a : allowed) expected += std::string(expected.empty() ? "" : " or ") + "\"" + a + "\"";
    throw InputError(where + "." + field + " = " + json_text(v) + ": expected " + expected);
  };
  RowResidency residency;
  residency.input = place("input", {"dram", "chip"});
  residency.output = place("output", {"dram", "chip", "chip+dram"});
  if (!value.contains("prefetched") || !value.at("prefetched").is_boolean())
    throw InputError(where + ".prefetched = " + (value.contains("prefetched") ? json_text(value.at("prefetched")) : "(missing)") +
                     ": expected true or false");
  residency.prefetched = value.at("prefetched").get<bool>();
  return residency;
}

}  // namespace

bool is_lut_key(const std::string& key) {
  if (is_apq_key(key)) return true;
  const std::optional<ContextKey> context = parse_context_key(key);
  return context && (is_apq_key(context->row) || parse_add_lut_key(context->row).has_value());
}

const LutValue& lut_entry(const Lut& lut, const std::string& key, const std::string& part, const std::string& origin) {
  const auto found = lut.find(key);
  if (found == lut.end())
    throw InputError(origin + ": no entry for key '" + key + "' (" + part + "); was the LUT built for this space?");
  return found->second;
}

void check_lut_key(const std::string& key, const std::string& where) {
  if (!is_lut_key(key))
    throw InputError(where + ": key '" + key +
                     "' is not a LUT key: expected \"head\", \"tail\" or "
                     "\"(cin, cout, in_size, k, stride, pad, groups)-W{w}A{a}\", or in a context-aware table one "
                     "of those or \"add(channels, size)-A{a}\" followed by \"@end\", \"@A{bits}\" or \"@A{bits}+skip\"");
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
  if (value.contains("residency")) out.residency = read_residency(value.at("residency"), where + ".residency");
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
  if (value.residency) {
    out["residency"] = {{"input", value.residency->input},
                        {"output", value.residency->output},
                        {"prefetched", value.residency->prefetched}};
  }
  return out;
}

}  // namespace apq::calibration
