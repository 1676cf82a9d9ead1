#include "sim/json_fields.h"

#include <cmath>
#include <string>

#include "common/errors.h"

namespace apq::sim::json_fields {

Where child(const Where& where, const std::string& key) {
  return {where.file, where.path.empty() ? key : where.path + "." + key};
}

void fail(const Where& where, const std::string& problem) {
  throw InputError(where.file + ": '" + where.path + "' " + problem);
}

void reject_unknown_keys(const nlohmann::json& object, std::initializer_list<const char*> allowed,
                         const Where& where) {
  for (const auto& item : object.items()) {
    bool known = false;
    for (const char* name : allowed) known = known || item.key() == name;
    if (!known)
      throw InputError(where.file + ": unknown key '" + child(where, item.key()).path + "'");
  }
}

namespace {

const nlohmann::json& require_key(const nlohmann::json& parent, const std::string& key,
                                  const Where& where) {
  const auto found = parent.find(key);
  if (found == parent.end())
    throw InputError(where.file + ": missing required key '" + child(where, key).path + "'");
  return *found;
}

}  // namespace

const nlohmann::json& require_object(const nlohmann::json& parent, const std::string& key,
                                     const Where& where) {
  const nlohmann::json& value = require_key(parent, key, where);
  if (!value.is_object()) fail(child(where, key), "must be an object, got " + value.dump());
  return value;
}

std::string require_string(const nlohmann::json& parent, const std::string& key, const Where& where) {
  const nlohmann::json& value = require_key(parent, key, where);
  if (!value.is_string()) fail(child(where, key), "must be a string, got " + value.dump());
  return value.get<std::string>();
}

namespace {

// The {"value", "source"} object of a constant, checked for its keys and its source note.
const nlohmann::json& constant_value(const nlohmann::json& parent, const std::string& key,
                                     const Where& where, std::string& source) {
  const Where at = child(where, key);
  const nlohmann::json& constant = require_object(parent, key, where);
  reject_unknown_keys(constant, {"value", "source"}, at);
  source = require_string(constant, "source", at);
  if (source.empty()) fail(child(at, "source"), "must say where the value comes from, got \"\"");
  return require_key(constant, "value", at);
}

}  // namespace

Constant require_positive_constant(const nlohmann::json& parent, const std::string& key,
                                   const Where& where) {
  Constant constant;
  const nlohmann::json& value = constant_value(parent, key, where, constant.source);
  const Where at = child(child(where, key), "value");
  if (!value.is_number()) fail(at, "must be a number, got " + value.dump());
  constant.value = value.get<double>();
  if (!(constant.value > 0.0) || !std::isfinite(constant.value))
    fail(at, "must be positive, got " + value.dump());
  return constant;
}

IntegerConstant require_positive_integer_constant(const nlohmann::json& parent,
                                                  const std::string& key, const Where& where) {
  IntegerConstant constant;
  const nlohmann::json& value = constant_value(parent, key, where, constant.source);
  const Where at = child(child(where, key), "value");
  if (!value.is_number_integer()) fail(at, "must be an integer, got " + value.dump());
  constant.value = value.get<std::int64_t>();
  if (constant.value <= 0) fail(at, "must be positive, got " + value.dump());
  return constant;
}

}  // namespace apq::sim::json_fields
