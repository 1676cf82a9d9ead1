#pragma once
#include <string>

#include "layer/integer_network.h"

namespace apq {

// The integer network file (JSON; schema in sim/README.md, "Integer network files"). Reading is
// strict: unknown keys, missing or mistyped fields and everything validate_integer_network
// checks are an apq::InputError naming the file, the field and the value.
IntegerNetwork parse_integer_network(const std::string& json_text, const std::string& origin);
IntegerNetwork load_integer_network(const std::string& path);

// One line per layer. The file's "format" value, which tells it from a plain network file.
std::string integer_network_to_json(const IntegerNetwork& network);
extern const char* const kIntegerNetworkFormat;

// Whether `json_text` claims to be an integer network file (has the format key).
bool is_integer_network_json(const std::string& json_text);

}  // namespace apq
