#pragma once
#include <cstdint>
#include <initializer_list>
#include <string>

#include <nlohmann/json.hpp>

// Typed reads of JSON fields whose errors (apq::InputError) name the file, the dotted path of
// the field and the offending value.
namespace apq::sim::json_fields {

// Where an object sits: the file and the object's dotted path ("" for the top level).
struct Where {
  std::string file;
  std::string path;
};

// The place of `key` inside the object at `where`.
Where child(const Where& where, const std::string& key);

// Throws unless every key of `object` is one of `allowed`.
void reject_unknown_keys(const nlohmann::json& object, std::initializer_list<const char*> allowed,
                         const Where& where);

const nlohmann::json& require_object(const nlohmann::json& parent, const std::string& key,
                                     const Where& where);

std::string require_string(const nlohmann::json& parent, const std::string& key, const Where& where);

// A constant documented where it is used: {"value": number, "source": "where it comes from"}.
struct Constant {
  double value = 0.0;
  std::string source;
};

// A constant whose value must be > 0.
Constant require_positive_constant(const nlohmann::json& parent, const std::string& key,
                                   const Where& where);

// A constant whose value must be an integer > 0.
struct IntegerConstant {
  std::int64_t value = 0;
  std::string source;
};
IntegerConstant require_positive_integer_constant(const nlohmann::json& parent,
                                                  const std::string& key, const Where& where);

// Throws an InputError about the field at `where`.
[[noreturn]] void fail(const Where& where, const std::string& problem);

}  // namespace apq::sim::json_fields
