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

std::string untrained_choices(const search::Space& space, const std::vector<PhaseConfig>& phases) {
  // Each phase samples the largest choices, so together they sample what the widest of them does.
  PhaseConfig widest;
  for (const PhaseConfig& phase : phases) {
    widest.kernel_top = std::max(widest.kernel_top, phase.kernel_top);
    widest.depth_top = std::max(widest.depth_top, phase.depth_top);
    widest.mid_fraction = std::max(widest.mid_fraction, phase.mid_fraction);
  }
  const search::Space covered = phase_space(space, widest);
  std::vector<std::string> gaps;
  const auto list = [](const std::vector<int>& values) {
    std::string text;
    for (int v : values) text += (text.empty() ? "" : ", ") + std::to_string(v);
    return text;
  };
  const auto left_out = [](const std::vector<int>& all, const std::vector<int>& kept) {
    std::vector<int> out;
    for (int v : all)
      if (std::find(kept.begin(), kept.end(), v) == kept.end()) out.push_back(v);
    return out;
  };
  if (const auto kernels = left_out(space.kernel_choices, covered.kernel_choices); !kernels.empty())
    gaps.push_back("kernel " + list(kernels));
  for (std::size_t s = 0; s < space.stages.size(); ++s) {
    const auto depths = left_out(space.stages[s].depth_choices, covered.stages[s].depth_choices);
    if (!depths.empty()) gaps.push_back("depth " + list(depths) + " of stage " + std::to_string(s + 1));
  }
  const std::vector<std::size_t> counts = mid_choice_counts(space, widest.mid_fraction);
  std::size_t narrowed_blocks = 0;
  for (const search::BlockSlot& slot : search::block_slots(space))
    narrowed_blocks += counts[slot.index] < slot.mid_choices.size() ? 1 : 0;
  if (narrowed_blocks > 0)
    gaps.push_back("the smaller mid-channel choices of " + std::to_string(narrowed_blocks) + " blocks");
  std::string text;
  for (const std::string& gap : gaps) text += (text.empty() ? "" : "; ") + gap;
  return text;
}

}  // namespace apq::nn
