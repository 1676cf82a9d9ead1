#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace apq::calibration {

// Where a context-aware row's data lived while it ran, as the full-network simulation decided:
// input and output "dram" or "chip" (output "chip+dram" when a later residual addition also
// reads it), and whether its first weights were loaded while the layer before it ran.
struct RowResidency {
  std::string input;
  std::string output;
  bool prefetched = false;

  bool operator==(const RowResidency& other) const;
};

// One LUT value. APQ's Python reads only `latency` and `energy` (dic[key]["latency"]), so the
// optional fields ride along without breaking it (README, "File formats").
struct LutValue {
  double latency_ms = 0.0;
  double energy_mj = 0.0;
  std::optional<std::int64_t> cycles;
  // Energy by where it is spent (mJ); empty when absent. Sorted by name so that a value read back
  // from JSON (whose objects nlohmann sorts) prints byte for byte as it was written.
  std::map<std::string, double> energy_breakdown;
  std::optional<RowResidency> residency;  // context-aware rows

  bool operator==(const LutValue& other) const;
  bool operator!=(const LutValue& other) const { return !(*this == other); }
};

// Keys sort as bytes, which is what Python's json.dump(sort_keys=True) does for ASCII keys.
using Lut = std::map<std::string, LutValue>;

inline constexpr const char* kHeadKey = "head";
inline constexpr const char* kTailKey = "tail";

// The two kinds of table `apq lut build` writes: APQ's (a row per layer shape, each measured
// alone: input from DRAM, output to DRAM) and the context-aware one (a row per layer shape and
// context, calibration/row_context.h, measured inside a network).
enum class LutFormat { Context, Apq };

const char* lut_format_name(LutFormat format);

// "context" or "apq"; throws apq::UsageError naming `option` and the text otherwise.
LutFormat parse_lut_format(const std::string& text, const std::string& option);

// A context-aware table's keys carry a context ("@..."); APQ's never do, and a table does not mix
// them (check_one_format).
LutFormat lut_format_of(const Lut& lut);

// Throws apq::InputError naming `origin` and two keys of different formats.
void check_one_format(const Lut& lut, const std::string& origin);

// APQ's keys: "head", "tail", or exactly "(cin, cout, in_size, k, stride, pad, groups)-W{w}A{a}" as APQ's
// Python prints it (one space after each comma, no leading zeros, positive sizes).
// Context-aware keys: one of those, or an addition's key (layer/lut_key.h), followed by a
// context (row_context.h).
bool is_lut_key(const std::string& key);

// Throws apq::InputError "<where>: key '<key>' is not ..." unless is_lut_key(key).
void check_lut_key(const std::string& key, const std::string& where);

// The value of `key`; throws apq::InputError naming `origin`, the key and `part` (what needed it)
// when the table lacks it.
const LutValue& lut_entry(const Lut& lut, const std::string& key, const std::string& part, const std::string& origin);

// Strict: latency and energy required, every number finite and non-negative, cycles a whole
// number, energy_breakdown an object of numbers. Other fields are ignored, as APQ ignores ours.
// Errors name `where` (file and key), the field and the value.
LutValue value_from_json(const nlohmann::json& value, const std::string& where);

nlohmann::ordered_json value_to_json(const LutValue& value);

}  // namespace apq::calibration
