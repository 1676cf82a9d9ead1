#pragma once
#include <array>
#include <cstdint>
#include <functional>
#include <vector>

#include "search/space/block_slots.h"
#include "search/space/layer.h"
#include "search/space/space.h"
#include "search/space/subnet_config.h"

namespace apq::calibration {

// A block's choices in the order the cost models' flat tables index them, each visited with the
// block's layers (the choices a walk does not vary stay at their first value):
// pointwise: mid channels, then pw_w, then pw_a (expand and project depend on these only);
// depthwise: kernel, then mid channels, then dw_w, then dw_a.
void for_each_pointwise_choice(const search::Space& space, const search::BlockSlot& slot,
                               const std::function<void(const std::array<search::SpaceLayer, 3>&)>& visit);
void for_each_depthwise_choice(const search::Space& space, const search::BlockSlot& slot,
                               const std::function<void(const std::array<search::SpaceLayer, 3>&)>& visit);

// Choice value / divisor -> its position in the space's list (-1 for other values), so that a
// cost model indexes instead of searching.
std::vector<std::int32_t> choice_positions(const std::vector<int>& choices, int divisor = 1);

// Where a block's choice sits in the tables the walks above fill (mid: the position of its mid
// channels among the slot's `n_mid` choices).
class ChoiceIndex {
 public:
  explicit ChoiceIndex(const search::Space& space);

  int pointwise(const search::BlockChoice& c, int mid) const {
    return (mid * n_pw_w_ + pw_w_[c.pw_w_bits]) * n_pw_a_ + pw_a_[c.pw_a_bits];
  }
  int depthwise(const search::BlockChoice& c, int mid, int n_mid) const {
    return ((kernel_[c.kernel] * n_mid + mid) * n_dw_w_ + dw_w_[c.dw_w_bits]) * n_dw_a_ + dw_a_[c.dw_a_bits];
  }
  int pw_a(int bits) const { return pw_a_[bits]; }
  int dw_a(int bits) const { return dw_a_[bits]; }
  int pw_a_count() const { return n_pw_a_; }
  int dw_a_count() const { return n_dw_a_; }

 private:
  std::vector<std::int32_t> kernel_, pw_w_, pw_a_, dw_w_, dw_a_;
  int n_pw_w_, n_pw_a_, n_dw_w_, n_dw_a_;
};

}  // namespace apq::calibration
