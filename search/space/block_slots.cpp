#include "search/space/block_slots.h"

#include "search/space/fixed_layers.h"
#include "search/space/layer.h"

namespace apq::search {
namespace {

std::vector<int> expand_range_choices(const MidChannelSpec& rule, int cin) {
  std::vector<int> choices;
  for (int mid = rule.min_expand * cin; mid <= rule.max_expand * cin; mid += rule.step) choices.push_back(mid);
  return choices;
}

}  // namespace

std::vector<BlockSlot> block_slots(const Space& space) {
  const std::vector<SpaceLayer> head =
      resolve_fixed_layers(space.head, LayerRole::Head, space.input_channels, space.input_size, space.fixed_bits);
  int in_size = head.empty() ? space.input_size : output_size(head.back().shape);

  std::vector<BlockSlot> slots;
  for (int s = 0; s < static_cast<int>(space.stages.size()); ++s) {
    const StageSpec& stage = space.stages[s];
    for (int position = 0; position < stage.max_blocks; ++position) {
      BlockSlot slot;
      slot.index = static_cast<int>(slots.size());
      slot.stage = s;
      slot.position = position;
      slot.in_channels = position == 0 ? stage.in_channels : stage.out_channels;
      slot.out_channels = stage.out_channels;
      slot.in_size = in_size;
      slot.stride = position == 0 ? stage.first_stride : 1;
      slot.mid_choices = space.mid_channels.rule == MidChannelRule::ExpandRange
                             ? expand_range_choices(space.mid_channels, slot.in_channels)
                             : space.mid_channels.explicit_choices.at(slot.index);
      // Odd kernels with "same" padding: the spatial size depends on the stride only.
      in_size = conv_output_size(in_size, 1, slot.stride, 0);
      slots.push_back(std::move(slot));
    }
  }
  return slots;
}

}  // namespace apq::search
