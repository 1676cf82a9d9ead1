#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace apq::calibration {

// One LUT value. APQ's Python reads only `latency` and `energy` (dic[key]["latency"]), so the
// optional fields ride along without breaking it (README, "File formats").
struct LutValue {
  double latency_ms = 0.0;
  double energy_mj = 0.0;
  std::optional<std::int64_t> cycles;
  // Energy by where it is spent (mJ); empty when absent. Sorted by name so that a value read back
  // from JSON (whose objects nlohmann sorts) prints byte for byte as it was written.
  std::map<std::string, double> energy_breakdown;

  bool operator==(const LutValue& other) const;
  bool operator!=(const LutValue& other) const { return !(*this == other); }
};

// Keys sort as bytes, which is what Python's json.dump(sort_keys=True) does for ASCII keys.
using Lut = std::map<std::string, LutValue>;

inline constexpr const char* kHeadKey = "head";
inline constexpr const char* kTailKey = "tail";

// "head", "tail", or exactly "(cin, cout, in_size, k, stride, pad, groups)-W{w}A{a}" as APQ's
// Python prints it (one space after each comma, no leading zeros, positive sizes).
bool is_lut_key(const std::string& key);

// Throws apq::InputError "<where>: key '<key>' is not ..." unless is_lut_key(key).
void check_lut_key(const std::string& key, const std::string& where);

// Strict: latency and energy required, every number finite and non-negative, cycles a whole
// number, energy_breakdown an object of numbers. Other fields are ignored, as APQ ignores ours.
// Errors name `where` (file and key), the field and the value.
LutValue value_from_json(const nlohmann::json& value, const std::string& where);

nlohmann::ordered_json value_to_json(const LutValue& value);

}  // namespace apq::calibration
