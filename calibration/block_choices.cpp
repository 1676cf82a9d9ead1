#include "calibration/block_choices.h"

#include "search/space/network_layers.h"

namespace apq::calibration {
namespace {

search::BlockChoice first_choice(const search::Space& space, const search::BlockSlot& slot) {
  const search::BitChoices& bits = space.bits;
  return {space.kernel_choices.front(), slot.mid_choices.front(), bits.pw_w.front(),
          bits.pw_a.front(),            bits.dw_w.front(),      bits.dw_a.front()};
}

}  // namespace

void for_each_pointwise_choice(const search::Space& space, const search::BlockSlot& slot,
                               const std::function<void(const std::array<search::SpaceLayer, 3>&)>& visit) {
  search::BlockChoice choice = first_choice(space, slot);
  for (const int mid : slot.mid_choices)
    for (const int w : space.bits.pw_w)
      for (const int a : space.bits.pw_a) {
        choice.mid_channels = mid;
        choice.pw_w_bits = w;
        choice.pw_a_bits = a;
        visit(search::block_layers(slot, choice));
      }
}

void for_each_depthwise_choice(const search::Space& space, const search::BlockSlot& slot,
                               const std::function<void(const std::array<search::SpaceLayer, 3>&)>& visit) {
  search::BlockChoice choice = first_choice(space, slot);
  for (const int kernel : space.kernel_choices)
    for (const int mid : slot.mid_choices)
      for (const int w : space.bits.dw_w)
        for (const int a : space.bits.dw_a) {
          choice.kernel = kernel;
          choice.mid_channels = mid;
          choice.dw_w_bits = w;
          choice.dw_a_bits = a;
          visit(search::block_layers(slot, choice));
        }
}

std::vector<std::int32_t> choice_positions(const std::vector<int>& choices, int divisor) {
  std::vector<std::int32_t> position(static_cast<std::size_t>(choices.back() / divisor + 1), -1);
  for (std::size_t i = 0; i < choices.size(); ++i) position[choices[i] / divisor] = static_cast<std::int32_t>(i);
  return position;
}

ChoiceIndex::ChoiceIndex(const search::Space& space)
    : kernel_(choice_positions(space.kernel_choices)),
      pw_w_(choice_positions(space.bits.pw_w)),
      pw_a_(choice_positions(space.bits.pw_a)),
      dw_w_(choice_positions(space.bits.dw_w)),
      dw_a_(choice_positions(space.bits.dw_a)),
      n_pw_w_(static_cast<int>(space.bits.pw_w.size())),
      n_pw_a_(static_cast<int>(space.bits.pw_a.size())),
      n_dw_w_(static_cast<int>(space.bits.dw_w.size())),
      n_dw_a_(static_cast<int>(space.bits.dw_a.size())) {}

}  // namespace apq::calibration
