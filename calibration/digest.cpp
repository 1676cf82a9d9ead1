#include "calibration/digest.h"

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "common/errors.h"

namespace apq::calibration {

std::string text_digest(const std::string& text) {
  std::uint64_t hash = 1469598103934665603ULL;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  char out[17];
  std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(hash));
  return out;
}

std::string json_file_digest(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot read");
  std::ostringstream text;
  text << in.rdbuf();
  try {
    return text_digest(nlohmann::json::parse(text.str()).dump());
  } catch (const nlohmann::json::exception& e) {  // also a number beyond double
    throw InputError(path + ": not valid JSON: " + e.what());
  }
}

}  // namespace apq::calibration
