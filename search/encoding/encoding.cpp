#include "search/encoding/encoding.h"

#include <algorithm>
#include <string>

#include "common/errors.h"
#include "search/space/block_slots.h"

namespace apq::search {
namespace {

int index_of(const std::vector<int>& choices, int value) {
  return static_cast<int>(std::find(choices.begin(), choices.end(), value) - choices.begin());
}

// One one-hot group of a block: where it starts and which choices it stands for.
struct Group {
  const char* name;
  int offset;
  const std::vector<int>* choices;
};

std::vector<Group> groups_of(const Space& space, const BlockSlot& slot, const BlockEncoding& block) {
  return {{"kernel", block.kernel, &space.kernel_choices},
          {"mid channels", block.mid, &slot.mid_choices},
          {"pw_w bits", block.pw_w, &space.bits.pw_w},
          {"pw_a bits", block.pw_a, &space.bits.pw_a},
          {"dw_w bits", block.dw_w, &space.bits.dw_w},
          {"dw_a bits", block.dw_a, &space.bits.dw_a}};
}

// The group's hot choice, -1 when it is all zeros; anything but 0/1 with at most one 1 throws.
int hot_choice(const std::vector<float>& encoding, const Group& group, int block, const std::string& source) {
  int hot = -1;
  for (std::size_t c = 0; c < group.choices->size(); ++c) {
    const float v = encoding[group.offset + c];
    if (v == 0.0f) continue;
    if (v != 1.0f || hot >= 0)
      throw InputError(source + ": block " + std::to_string(block) + " " + group.name + " (inputs " +
                       std::to_string(group.offset) + ".." +
                       std::to_string(group.offset + group.choices->size() - 1) + ") is not one-hot");
    hot = static_cast<int>(c);
  }
  return hot;
}

}  // namespace

EncodingLayout encoding_layout(const Space& space) {
  const std::vector<BlockSlot> slots = block_slots(space);
  EncodingLayout layout;
  layout.blocks.resize(slots.size());
  int at = 0;
  for (const BlockSlot& slot : slots) {
    BlockEncoding& block = layout.blocks[slot.index];
    block.stage = slot.stage;
    block.position = slot.position;
    block.mid_choices = slot.mid_choices;
    block.kernel = at;
    at += static_cast<int>(space.kernel_choices.size());
    block.mid = at;
    at += static_cast<int>(slot.mid_choices.size());
  }
  layout.arch_length = at;
  for (BlockEncoding& block : layout.blocks) {
    block.pw_w = at;
    at += static_cast<int>(space.bits.pw_w.size());
    block.pw_a = at;
    at += static_cast<int>(space.bits.pw_a.size());
    block.dw_w = at;
    at += static_cast<int>(space.bits.dw_w.size());
    block.dw_a = at;
    at += static_cast<int>(space.bits.dw_a.size());
  }
  layout.quant_length = at - layout.arch_length;
  return layout;
}

std::vector<std::int32_t> hot_indices(const Space& space, const EncodingLayout& layout, const SubnetConfig& config) {
  // Called for every candidate of a search: the layout's copy of the block slots saves
  // recomputing them.
  std::vector<std::int32_t> arch;
  std::vector<std::int32_t> quant;
  arch.reserve(6 * layout.blocks.size());
  quant.reserve(4 * layout.blocks.size());
  for (std::size_t b = 0; b < layout.blocks.size(); ++b) {
    const BlockEncoding& at = layout.blocks[b];
    if (at.position >= config.depths[at.stage]) continue;
    const BlockChoice& choice = config.blocks[b];
    arch.push_back(at.kernel + index_of(space.kernel_choices, choice.kernel));
    arch.push_back(at.mid + index_of(at.mid_choices, choice.mid_channels));
    quant.push_back(at.pw_w + index_of(space.bits.pw_w, choice.pw_w_bits));
    quant.push_back(at.pw_a + index_of(space.bits.pw_a, choice.pw_a_bits));
    quant.push_back(at.dw_w + index_of(space.bits.dw_w, choice.dw_w_bits));
    quant.push_back(at.dw_a + index_of(space.bits.dw_a, choice.dw_a_bits));
  }
  arch.insert(arch.end(), quant.begin(), quant.end());
  return arch;
}

std::vector<float> encode(const Space& space, const EncodingLayout& layout, const SubnetConfig& config) {
  std::vector<float> encoding(layout.length(), 0.0f);
  for (const std::int32_t hot : hot_indices(space, layout, config)) encoding[hot] = 1.0f;
  return encoding;
}

SubnetConfig decode(const Space& space, const EncodingLayout& layout, const std::vector<float>& encoding,
                    const std::string& source) {
  if (static_cast<int>(encoding.size()) != layout.length())
    throw InputError(source + ": " + std::to_string(encoding.size()) + " inputs, the space '" + space.name +
                     "' encodes a sub-network in " + std::to_string(layout.length()));
  SubnetConfig config;
  config.depths.assign(space.stages.size(), 0);
  for (const BlockSlot& slot : block_slots(space)) {
    const std::vector<Group> groups = groups_of(space, slot, layout.blocks[slot.index]);
    std::vector<int> hot;
    for (const Group& group : groups) hot.push_back(hot_choice(encoding, group, slot.index, source));
    const bool running = hot[0] >= 0;
    for (std::size_t g = 1; g < groups.size(); ++g)
      if ((hot[g] >= 0) != running)
        throw InputError(source + ": block " + std::to_string(slot.index) + " " + groups[g].name + " is " +
                         (running ? "all zeros in a running block" : "set in a skipped block"));
    if (running && config.depths[slot.stage] != slot.position)
      throw InputError(source + ": block " + std::to_string(slot.index) + " runs after a skipped block of stage " +
                       std::to_string(slot.stage));
    if (running) ++config.depths[slot.stage];
    BlockChoice choice;
    int* fields[] = {&choice.kernel,    &choice.mid_channels, &choice.pw_w_bits,
                     &choice.pw_a_bits, &choice.dw_w_bits,    &choice.dw_a_bits};
    for (std::size_t g = 0; g < groups.size(); ++g) *fields[g] = groups[g].choices->at(std::max(hot[g], 0));
    config.blocks.push_back(choice);
  }
  for (std::size_t s = 0; s < space.stages.size(); ++s) {
    const std::vector<int>& depths = space.stages[s].depth_choices;
    if (std::find(depths.begin(), depths.end(), config.depths[s]) == depths.end())
      throw InputError(source + ": stage " + std::to_string(s) + " runs " + std::to_string(config.depths[s]) +
                       " blocks, not among its depth choices");
  }
  return config;
}

}  // namespace apq::search
