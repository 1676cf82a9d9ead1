#pragma once
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "search/space/space.h"

namespace apq::search {

// Reads and validates a space file (schema: configs/spaces/README.md). Unknown, missing or
// mistyped keys and impossible values throw apq::InputError naming the file, field and value.
Space load_space(const std::string& path);

// The same from parsed JSON; `source` names it in messages.
Space space_from_json(const nlohmann::json& doc, const std::string& source);

}  // namespace apq::search
