#include "search/space/config_file.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include <nlohmann/json.hpp>

#include "common/atomic_file.h"
#include "common/json_fields.h"
#include "search/space/apq_spec_rules.h"
#include "search/space/block_slots.h"

namespace apq::search {

using namespace json_fields;

namespace {

// APQ's spec names of the four bit settings and the BlockChoice fields they hold.
const char* const kBitFields[] = {"pw_w_bits_setting", "pw_a_bits_setting", "dw_w_bits_setting",
                                  "dw_a_bits_setting"};
int BlockChoice::*const kBitMembers[] = {&BlockChoice::pw_w_bits, &BlockChoice::pw_a_bits, &BlockChoice::dw_w_bits,
                                         &BlockChoice::dw_a_bits};

const nlohmann::json& require_list(const nlohmann::json& spec, const char* key, std::size_t length,
                                   const std::string& top, const char* per) {
  const nlohmann::json& list = require_key(spec, key, top);
  const std::string field = child_field(top, key);
  if (!list.is_array()) fail_value(field, list, "expected a list");
  if (list.size() != length)
    fail_field(field, "has " + std::to_string(list.size()) + " entries, expected " + std::to_string(length) +
                          " (one per " + per + ")");
  return list;
}

// "e" is a ratio. In an APQ-compatible space it resolves as APQ's code resolves it; elsewhere it
// must name a whole number of channels (up to rounding in its decimal form).
int mid_channels_of(const Space& space, double expand, const BlockSlot& slot, const std::string& field) {
  if (space.apq_compatible) {
    const double mid = apq_mid_channels(expand, slot.in_channels);
    for (int choice : slot.mid_choices)
      if (choice == mid) return choice;
    // A whole number, printed without a fraction unless too large for one.
    const std::string mid_text =
        std::abs(mid) < 1e15 ? std::to_string(static_cast<long long>(mid)) : nlohmann::json(mid).dump();
    fail_value(field, expand,
               "APQ resolves it to make_divisible(e x " + std::to_string(slot.in_channels) + ", 8) = " + mid_text +
                   " mid channels, not among the choices " + nlohmann::json(slot.mid_choices).dump());
  }
  const double channels = expand * slot.in_channels;
  const double whole = std::round(channels);
  if (!(std::abs(channels - whole) <= 1e-6 * std::max(1.0, whole)) || whole < 1)
    fail_value(field, expand,
               "gives " + nlohmann::json(channels).dump() + " mid channels for " +
                   std::to_string(slot.in_channels) + " input channels, not a whole positive number");
  // Found by fuzzing (tests/fuzz/corpus/subnet_spec): a huge ratio must not overflow the cast.
  if (whole > std::numeric_limits<int>::max())
    fail_value(field, expand, "gives " + nlohmann::json(channels).dump() + " mid channels, more than any layer can have");
  return static_cast<int>(whole);
}

// A depth that only APQ's rules accept becomes the depth the stage runs, with a warning.
void apply_apq_depths(const Space& space, std::vector<int>& depths, const std::string& source,
                      std::vector<std::string>& warnings) {
  if (!space.apq_compatible) return;
  for (std::size_t s = 0; s < depths.size(); ++s) {
    const StageSpec& stage = space.stages[s];
    const int depth = depths[s];
    if (std::find(stage.depth_choices.begin(), stage.depth_choices.end(), depth) != stage.depth_choices.end() ||
        !apq_depth_runs_all_blocks(space, static_cast<int>(s), depth))
      continue;
    depths[s] = stage.max_blocks;
    warnings.push_back(source + ": d[" + std::to_string(s) + "] = " + std::to_string(depth) + ": stage " +
                       std::to_string(s) + " has " + std::to_string(stage.max_blocks) +
                       (stage.max_blocks == 1 ? " block" : " blocks") + ", read as depth " +
                       std::to_string(stage.max_blocks) + " (APQ's code runs all of them)");
  }
}

}  // namespace

void print_warnings(const std::vector<std::string>& warnings) {
  for (const std::string& warning : warnings) std::fprintf(stderr, "warning: %s\n", warning.c_str());
}

nlohmann::json config_to_json(const Space& space, const SubnetConfig& config) {
  const std::vector<BlockSlot> slots = block_slots(space);
  nlohmann::json spec;
  spec["d"] = config.depths;
  auto& ks = spec["ks"] = nlohmann::json::array();
  auto& e = spec["e"] = nlohmann::json::array();
  for (int which = 0; which < 4; ++which) spec[kBitFields[which]] = nlohmann::json::array();
  for (std::size_t b = 0; b < config.blocks.size(); ++b) {
    const BlockChoice& block = config.blocks[b];
    ks.push_back(block.kernel);
    e.push_back(static_cast<double>(block.mid_channels) / slots.at(b).in_channels);
    for (int which = 0; which < 4; ++which) spec[kBitFields[which]].push_back(block.*kBitMembers[which]);
  }
  return spec;
}

SubnetConfig config_from_json(const Space& space, const nlohmann::json& spec, const std::string& source,
                              std::vector<std::string>& warnings) {
  const std::string top = top_field(source);
  if (!spec.is_object()) fail_field(source, "expected a JSON object (an APQ spec)");
  reject_unknown_keys(spec,
                      {"ks", "e", "d", "pw_w_bits_setting", "pw_a_bits_setting", "dw_w_bits_setting",
                       "dw_a_bits_setting", "wid"},
                      top);
  // APQ writes "wid": None (no width multiplier); anything else would change the network.
  if (const auto it = spec.find("wid"); it != spec.end() && !it->is_null())
    fail_value(child_field(top, "wid"), *it, "only null is supported");

  const std::vector<BlockSlot> slots = block_slots(space);
  SubnetConfig config;
  config.depths = read_int_list(require_list(spec, "d", space.stages.size(), top, "stage"), child_field(top, "d"));
  apply_apq_depths(space, config.depths, source, warnings);
  config.blocks.resize(slots.size());

  const std::vector<int> ks =
      read_int_list(require_list(spec, "ks", slots.size(), top, "searchable block"), child_field(top, "ks"));
  const nlohmann::json& e = require_list(spec, "e", slots.size(), top, "searchable block");
  for (const BlockSlot& slot : slots) {
    const auto b = static_cast<std::size_t>(slot.index);
    const std::string e_field = element_field(child_field(top, "e"), b);
    config.blocks[b].kernel = ks[b];
    config.blocks[b].mid_channels = mid_channels_of(space, read_number(e[b], e_field), slot, e_field);
  }
  for (int which = 0; which < 4; ++which) {
    const char* key = kBitFields[which];
    const std::vector<int> bits =
        read_int_list(require_list(spec, key, slots.size(), top, "searchable block"), child_field(top, key));
    for (std::size_t b = 0; b < slots.size(); ++b) config.blocks[b].*kBitMembers[which] = bits[b];
  }
  validate_config(space, config, source);
  return config;
}

SubnetConfig config_from_json(const Space& space, const nlohmann::json& spec, const std::string& source) {
  std::vector<std::string> warnings;
  SubnetConfig config = config_from_json(space, spec, source, warnings);
  print_warnings(warnings);
  return config;
}

SubnetConfig load_config(const Space& space, const std::string& path) {
  return config_from_json(space, read_json_file(path), path);
}

void save_config(const Space& space, const SubnetConfig& config, const std::string& path) {
  write_file_atomically(path, config_to_json(space, config).dump() + "\n");
}

}  // namespace apq::search
