#include "common/json_fields.h"

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include "common/errors.h"

namespace apq::json_fields {

void fail_field(const std::string& where, const std::string& problem) {
  throw InputError(where + ": " + problem);
}

namespace {

bool is_top(const std::string& where) { return where.size() >= 2 && where.compare(where.size() - 2, 2, ": ") == 0; }

}  // namespace

void fail_value(const std::string& where, const nlohmann::json& value, const std::string& problem) {
  // At the top of a file there is no field to name: "<file>: <value>: <problem>".
  throw InputError(where + (is_top(where) ? "" : " = ") + value.dump() + ": " + problem);
}

std::string top_field(const std::string& file) { return file + ": "; }

std::string child_field(const std::string& where, const std::string& key) {
  return is_top(where) ? where + key : where + "." + key;
}

std::string element_field(const std::string& where, std::size_t index) {
  return where + "[" + std::to_string(index) + "]";
}

void require_object(const nlohmann::json& value, const std::string& where) {
  if (!value.is_object()) fail_value(where, value, "expected an object");
}

void reject_unknown_keys(const nlohmann::json& object, std::initializer_list<const char*> allowed,
                         const std::string& where) {
  for (const auto& item : object.items()) {
    bool known = false;
    for (const char* key : allowed) known = known || item.key() == key;
    if (!known) {
      std::string list;
      for (const char* key : allowed) list += std::string(list.empty() ? "" : ", ") + key;
      fail_field(child_field(where, item.key()), "unknown key (allowed: " + list + ")");
    }
  }
}

const nlohmann::json& require_key(const nlohmann::json& object, const char* key, const std::string& where) {
  const auto it = object.find(key);
  if (it == object.end()) fail_field(child_field(where, key), "missing");
  return *it;
}

int read_int(const nlohmann::json& value, const std::string& where) {
  if (!value.is_number_integer()) fail_value(where, value, "expected an integer");
  if (value.is_number_unsigned()) {
    if (value.get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<int>::max()))
      fail_value(where, value, "too large");
  } else {
    const auto v = value.get<std::int64_t>();
    if (v > std::numeric_limits<int>::max() || v < std::numeric_limits<int>::min())
      fail_value(where, value, "out of range");
  }
  return value.get<int>();
}

double read_number(const nlohmann::json& value, const std::string& where) {
  if (!value.is_number()) fail_value(where, value, "expected a number");
  return value.get<double>();
}

bool read_bool(const nlohmann::json& value, const std::string& where) {
  if (!value.is_boolean()) fail_value(where, value, "expected true or false");
  return value.get<bool>();
}

std::string read_string(const nlohmann::json& value, const std::string& where) {
  if (!value.is_string()) fail_value(where, value, "expected a string");
  return value.get<std::string>();
}

std::vector<int> read_int_list(const nlohmann::json& value, const std::string& where) {
  if (!value.is_array()) fail_value(where, value, "expected a list of integers");
  std::vector<int> out;
  out.reserve(value.size());
  for (std::size_t i = 0; i < value.size(); ++i) out.push_back(read_int(value[i], element_field(where, i)));
  return out;
}

int read_int_in(const nlohmann::json& value, const std::string& where, int low, int high) {
  const int x = read_int(value, where);
  if (x < low || x > high)
    fail_value(where, value, "must be in [" + std::to_string(low) + ", " + std::to_string(high) + "]");
  return x;
}

std::string require_existing_path(const nlohmann::json& object, const char* key, const std::string& where,
                                  const std::string& folder, bool is_folder) {
  const std::string field = child_field(where, key);
  const std::string text = read_string(require_key(object, key, where), field);
  const std::filesystem::path path = std::filesystem::absolute(std::filesystem::path(folder) / text).lexically_normal();
  const bool exists = is_folder ? std::filesystem::is_directory(path) : std::filesystem::is_regular_file(path);
  if (text.empty() || !exists)
    fail_value(field, text, std::string("no such ") + (is_folder ? "folder" : "file") + " (" + path.string() + ")");
  return path.string();
}

int require_int(const nlohmann::json& object, const char* key, const std::string& where) {
  return read_int(require_key(object, key, where), child_field(where, key));
}

std::string require_string(const nlohmann::json& object, const char* key, const std::string& where) {
  return read_string(require_key(object, key, where), child_field(where, key));
}

nlohmann::json parse_json(const std::string& text, const std::string& origin) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {  // also out_of_range, e.g. for 1e999
    throw InputError(origin + ": not valid JSON: " + e.what());
  }
}

nlohmann::json read_json_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot open");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_json(text.str(), path);
}

}  // namespace apq::json_fields
