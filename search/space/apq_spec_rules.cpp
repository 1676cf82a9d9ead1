#include "search/space/apq_spec_rules.h"

#include <algorithm>
#include <cmath>

namespace apq::search {

double apq_make_divisible(double value, int divisor) {
  // Python: int(value + divisor / 2) truncates toward zero, then // floors.
  double rounded = std::floor(std::trunc(value + divisor / 2.0) / divisor) * divisor;
  rounded = std::max(rounded, static_cast<double>(divisor));
  if (rounded < 0.9 * value) rounded += divisor;
  return rounded;
}

double apq_mid_channels(double expand, int in_channels) {
  constexpr int kChannelMultiple = 8;
  return apq_make_divisible(expand * in_channels, kChannelMultiple);
}

bool apq_depth_runs_all_blocks(const Space& space, int stage, int depth) {
  const StageSpec& own = space.stages.at(static_cast<std::size_t>(stage));
  if (depth <= own.max_blocks) return false;
  return std::any_of(space.stages.begin(), space.stages.end(), [depth](const StageSpec& other) {
    return std::find(other.depth_choices.begin(), other.depth_choices.end(), depth) != other.depth_choices.end();
  });
}

}  // namespace apq::search
