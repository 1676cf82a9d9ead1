#pragma once
#include <initializer_list>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

// Strict readers for hand-written JSON files (spaces, accelerator configurations, networks,
// training configurations): every failure throws apq::InputError with the message
// "<where>: <problem>", where `where` names the file and the field path.
namespace apq::json_fields {

[[noreturn]] void fail_field(const std::string& where, const std::string& problem);
// "<where> = <value>: <problem>"
[[noreturn]] void fail_value(const std::string& where, const nlohmann::json& value, const std::string& problem);

// The top of a file is "<file>: "; below it "<file>: <path>", the path growing ".<key>" or "[i]".
std::string top_field(const std::string& file);
std::string child_field(const std::string& where, const std::string& key);
std::string element_field(const std::string& where, std::size_t index);

void require_object(const nlohmann::json& value, const std::string& where);
void reject_unknown_keys(const nlohmann::json& object, std::initializer_list<const char*> allowed,
                         const std::string& where);
const nlohmann::json& require_key(const nlohmann::json& object, const char* key, const std::string& where);

// The value of `object`'s required key, read as the type; errors name the key's field.
int require_int(const nlohmann::json& object, const char* key, const std::string& where);
std::string require_string(const nlohmann::json& object, const char* key, const std::string& where);

int read_int(const nlohmann::json& value, const std::string& where);
double read_number(const nlohmann::json& value, const std::string& where);
bool read_bool(const nlohmann::json& value, const std::string& where);
std::string read_string(const nlohmann::json& value, const std::string& where);
std::vector<int> read_int_list(const nlohmann::json& value, const std::string& where);
// An integer in [low, high]; the message names the range.
int read_int_in(const nlohmann::json& value, const std::string& where, int low, int high);

// The path in `object`'s key `key`, taken from `folder` when relative, which must name an existing
// file (or, with `is_folder`, folder); returned absolute and normalised.
std::string require_existing_path(const nlohmann::json& object, const char* key, const std::string& where,
                                  const std::string& folder, bool is_folder = false);

// Parses `text`, read from `origin`; malformed text is an InputError naming `origin`.
nlohmann::json parse_json(const std::string& text, const std::string& origin);
nlohmann::json read_json_file(const std::string& path);

}  // namespace apq::json_fields
