#include "search/space/subnet_config.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "common/errors.h"
#include "search/space/block_slots.h"

namespace apq::search {
namespace {

std::string list_text(const std::vector<int>& values) { return nlohmann::json(values).dump(); }

bool contains(const std::vector<int>& values, int value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

[[noreturn]] void reject(const std::string& source, const std::string& field, std::size_t index,
                         const std::string& value, const std::string& problem) {
  throw InputError(source + ": " + field + "[" + std::to_string(index) + "] = " + value + ": " + problem);
}

void check_length(const std::string& source, const char* field, std::size_t actual, std::size_t expected,
                  const char* per) {
  if (actual != expected)
    throw InputError(source + ": " + field + " has " + std::to_string(actual) + " entries, expected " +
                     std::to_string(expected) + " (one per " + per + ")");
}

void check_bits(const std::string& source, const char* field, std::size_t index, int bits,
                const std::vector<int>& choices) {
  if (!contains(choices, bits))
    reject(source, field, index, std::to_string(bits), "not among the bit choices " + list_text(choices));
}

void check_mid_channels(const std::string& source, const BlockSlot& slot, int mid) {
  const std::string value = nlohmann::json(static_cast<double>(mid) / slot.in_channels).dump() + " (" +
                            std::to_string(mid) + " mid channels for " + std::to_string(slot.in_channels) +
                            " input channels)";
  if (mid % 8 != 0) reject(source, "e", slot.index, value, "mid channels must be a multiple of 8");
  if (!contains(slot.mid_choices, mid))
    reject(source, "e", slot.index, value, "not among the mid-channel choices " + list_text(slot.mid_choices));
}

}  // namespace

bool BlockChoice::operator==(const BlockChoice& other) const {
  return kernel == other.kernel && mid_channels == other.mid_channels && pw_w_bits == other.pw_w_bits &&
         pw_a_bits == other.pw_a_bits && dw_w_bits == other.dw_w_bits && dw_a_bits == other.dw_a_bits;
}

bool SubnetConfig::operator==(const SubnetConfig& other) const {
  return depths == other.depths && blocks == other.blocks;
}

void validate_config(const Space& space, const SubnetConfig& config, const std::string& source) {
  check_length(source, "d", config.depths.size(), space.stages.size(), "stage");
  const std::vector<BlockSlot> slots = block_slots(space);
  check_length(source, "blocks", config.blocks.size(), slots.size(), "searchable block");

  for (std::size_t s = 0; s < space.stages.size(); ++s)
    if (!contains(space.stages[s].depth_choices, config.depths[s]))
      reject(source, "d", s, std::to_string(config.depths[s]),
             "not among the depth choices " + list_text(space.stages[s].depth_choices) + " of stage " +
                 std::to_string(s));

  for (const BlockSlot& slot : slots) {
    const BlockChoice& block = config.blocks[slot.index];
    const auto b = static_cast<std::size_t>(slot.index);
    if (!contains(space.kernel_choices, block.kernel))
      reject(source, "ks", b, std::to_string(block.kernel),
             "not among the kernel choices " + list_text(space.kernel_choices));
    check_mid_channels(source, slot, block.mid_channels);
    check_bits(source, "pw_w_bits_setting", b, block.pw_w_bits, space.bits.pw_w);
    check_bits(source, "pw_a_bits_setting", b, block.pw_a_bits, space.bits.pw_a);
    check_bits(source, "dw_w_bits_setting", b, block.dw_w_bits, space.bits.dw_w);
    check_bits(source, "dw_a_bits_setting", b, block.dw_a_bits, space.bits.dw_a);
  }
}

bool block_is_active(const Space& space, const SubnetConfig& config, int block) {
  int first = 0;
  for (std::size_t s = 0; s < space.stages.size(); ++s) {
    const int blocks = space.stages[s].max_blocks;
    if (block < first + blocks) return block - first < config.depths.at(s);
    first += blocks;
  }
  return false;
}

}  // namespace apq::search
