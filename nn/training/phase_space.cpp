#include "nn/training/phase_space.h"

#include <algorithm>
#include <cmath>

#include "search/space/block_slots.h"

namespace apq::nn {
namespace {

// The largest `n` of an ascending list (all of it when n exceeds its size).
std::vector<int> largest(const std::vector<int>& ascending, std::size_t n) {
  const std::size_t keep = std::min(std::max<std::size_t>(n, 1), ascending.size());
  return std::vector<int>(ascending.end() - static_cast<std::ptrdiff_t>(keep), ascending.end());
}

}  // namespace

std::vector<std::size_t> mid_choice_counts(const search::Space& space, double mid_fraction) {
  std::vector<std::size_t> counts;
  for (const search::BlockSlot& slot : search::block_slots(space)) {
    const auto n = static_cast<std::size_t>(std::ceil(mid_fraction * slot.mid_choices.size() - 1e-9));
    counts.push_back(std::clamp<std::size_t>(n, 1, slot.mid_choices.size()));
  }
  return counts;
}

search::Space phase_space(const search::Space& space, const PhaseConfig& phase) {
  search::Space narrowed = space;
  narrowed.kernel_choices = largest(space.kernel_choices, static_cast<std::size_t>(phase.kernel_top));
  for (search::StageSpec& stage : narrowed.stages) {
    stage.depth_choices = largest(stage.depth_choices, static_cast<std::size_t>(phase.depth_top));
  }
  const std::vector<search::BlockSlot> slots = search::block_slots(space);
  const std::vector<std::size_t> counts = mid_choice_counts(space, phase.mid_fraction);
  narrowed.mid_channels.rule = search::MidChannelRule::Explicit;
  narrowed.mid_channels.explicit_choices.clear();
  for (const search::BlockSlot& slot : slots) {
    narrowed.mid_channels.explicit_choices.push_back(largest(slot.mid_choices, counts[slot.index]));
  }
  return narrowed;
}

}  // namespace apq::nn
