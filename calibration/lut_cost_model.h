#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "calibration/block_choices.h"
#include "calibration/lut.h"
#include "search/model/cost_model.h"
#include "search/space/space.h"

namespace apq::calibration {

// The table as the search's cost model: LutCostModel for APQ's tables, ContextLutCostModel
// (context_cost_model.h) for context-aware ones.
std::unique_ptr<search::CostModel> lut_cost_model(const Lut& lut, const search::Space& space,
                                                  const std::string& lut_origin);

// APQ's LUT as the evolution's cost model: latency and energy summed exactly as lut_cost
// (query.h) sums them, in the same order and so to the same bits, plus BitOps
// (search/model/bitops.h) over the same layers. Every entry the space can need is looked up
// once here; cost() then indexes flat tables by choice positions, with no string keys.
class LutCostModel final : public search::CostModel {
 public:
  // Throws apq::InputError naming `lut_origin`, the key and the block of an entry the space
  // needs and the LUT lacks.
  LutCostModel(const Lut& lut, const search::Space& space, const std::string& lut_origin);

  // The config must be valid for the space given to the constructor.
  search::Cost cost(const search::SubnetConfig& config) const override;

  // Exact: each block's cheapest choice, each stage's cheapest depth, per metric.
  std::optional<search::Cost> minimum() const override;

 private:
  // Where a searchable block's three layers sit in the flat tables, for each combination of
  // its choices' positions.
  struct BlockTable {
    int stage = 0;
    int position = 0;
    std::vector<int> mid_choices;
    std::vector<std::int32_t> mid_position;  // [mid channels / 8]: mid channels are multiples of 8
    std::vector<std::int32_t> expand;     // [mid][pw_w][pw_a]
    std::vector<std::int32_t> depthwise;  // [kernel][mid][dw_w][dw_a]
    std::vector<std::int32_t> project;    // [mid][pw_w][pw_a]
  };

  search::Space space_;
  ChoiceIndex index_;
  search::Cost fixed_;  // head + tail
  std::vector<double> latency_ms_, energy_mj_, bitops_;  // one per distinct LUT entry
  std::vector<BlockTable> blocks_;
};

}  // namespace apq::calibration
