#pragma once
#include <string>

#include "sim/network.h"

namespace apq::sim {

// Reads a network file (schema: sim/README.md, "Network files"). Throws apq::InputError naming
// the file, the field and the value for malformed JSON, unknown or missing keys, wrong types,
// and layers that cannot run (validate_layer).
Network load_network_file(const std::string& path);

// The same from JSON text; `origin` names the text in error messages.
Network parse_network(const std::string& json_text, const std::string& origin);

// The network as a network file, one layer per line.
std::string network_to_json(const Network& network);

}  // namespace apq::sim
