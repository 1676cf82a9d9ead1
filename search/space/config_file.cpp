#include "search/space/config_file.h"

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

#include "common/atomic_file.h"
#include "search/space/block_slots.h"
#include "common/json_fields.h"

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

// "e" is a ratio; it must name a whole number of channels (up to rounding in its decimal form).
int mid_channels_of(double expand, const BlockSlot& slot, const std::string& field) {
  const double channels = expand * slot.in_channels;
  const double whole = std::round(channels);
  if (!(std::abs(channels - whole) <= 1e-6 * std::max(1.0, whole)) || whole < 1)
    fail_value(field, expand,
               "gives " + nlohmann::json(channels).dump() + " mid channels for " +
                   std::to_string(slot.in_channels) + " input channels, not a whole positive number");
  return static_cast<int>(whole);
}

}  // namespace

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

SubnetConfig config_from_json(const Space& space, const nlohmann::json& spec, const std::string& source) {
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
  config.blocks.resize(slots.size());

  const std::vector<int> ks =
      read_int_list(require_list(spec, "ks", slots.size(), top, "searchable block"), child_field(top, "ks"));
  const nlohmann::json& e = require_list(spec, "e", slots.size(), top, "searchable block");
  for (const BlockSlot& slot : slots) {
    const auto b = static_cast<std::size_t>(slot.index);
    const std::string e_field = element_field(child_field(top, "e"), b);
    config.blocks[b].kernel = ks[b];
    config.blocks[b].mid_channels = mid_channels_of(read_number(e[b], e_field), slot, e_field);
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

SubnetConfig load_config(const Space& space, const std::string& path) {
  return config_from_json(space, read_json_file(path), path);
}

void save_config(const Space& space, const SubnetConfig& config, const std::string& path) {
  write_file_atomically(path, config_to_json(space, config).dump() + "\n");
}

}  // namespace apq::search
