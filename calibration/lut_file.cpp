#include "calibration/lut_file.h"

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "common/atomic_file.h"
#include "common/errors.h"
#include "common/json_fields.h"

namespace apq::calibration {

namespace {

// nlohmann's default dump uses "," and ":"; Python's json.dump uses ", " and ": ".
std::string python_style(const nlohmann::ordered_json& value) {
  if (!value.is_object()) return value.dump();
  std::string out = "{";
  bool first = true;
  for (auto it = value.begin(); it != value.end(); ++it) {
    if (!first) out += ", ";
    first = false;
    out += nlohmann::json(it.key()).dump() + ": " + python_style(it.value());
  }
  return out + "}";
}

}  // namespace

Lut parse_lut(const std::string& text, const std::string& origin) {
  const nlohmann::json doc = json_fields::parse_json(text, origin);
  if (!doc.is_object()) throw InputError(origin + ": expected a JSON object {key: {latency, energy}}");
  Lut lut;
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    check_lut_key(it.key(), origin);
    lut[it.key()] = value_from_json(it.value(), origin + ": [\"" + it.key() + "\"]");
  }
  check_one_format(lut, origin);
  return lut;
}

Lut load_lut(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot read the LUT file");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_lut(text.str(), path);
}

std::string lut_to_text(const Lut& lut) {
  std::string out = "{";
  bool first = true;
  for (const auto& [key, value] : lut) {
    out += first ? "\n" : ",\n";
    first = false;
    out += nlohmann::json(key).dump() + ": " + python_style(value_to_json(value));
  }
  out += lut.empty() ? "}\n" : "\n}\n";
  return out;
}

void save_lut(const std::string& path, const Lut& lut) { write_file_atomically(path, lut_to_text(lut)); }

}  // namespace apq::calibration
