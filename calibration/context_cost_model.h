#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "calibration/block_choices.h"
#include "calibration/lut.h"
#include "search/model/cost_model.h"
#include "search/space/space.h"

namespace apq::calibration {

// A context-aware LUT as the evolution's cost model: latency and energy summed exactly as
// lut_cost (query.h) sums them, in the same order and so to the same bits, BitOps as
// LutCostModel counts them. Every row the space can need is looked up once here, at every
// context; cost() indexes flat tables by the choices of the block and of the next running one.
class ContextLutCostModel final : public search::CostModel {
 public:
  // Throws apq::InputError naming `lut_origin`, the key and the block of a row the space needs
  // and the LUT lacks.
  ContextLutCostModel(const Lut& lut, const search::Space& space, const std::string& lut_origin);

  // The config must be valid for the space given to the constructor.
  search::Cost cost(const search::SubnetConfig& config) const override;

  // A lower bound on each metric: every row at its cheapest choice and context, each stage's
  // cheapest depth. The context couples neighbouring blocks, so no sub-network need reach it.
  std::optional<search::Cost> minimum() const override;

 private:
  struct BlockTable {
    int stage = 0;
    int position = 0;
    bool residual = false;  // keeps width and size: a residual addition follows, its input is a skip source
    std::vector<int> mid_choices;
    std::vector<std::int32_t> mid_position;
    std::vector<std::int32_t> expand;     // [mid][pw_w][pw_a][dw_a]: the depthwise layer reads it at dw_a
    std::vector<std::int32_t> depthwise;  // [kernel][mid][dw_w][dw_a][pw_a]
    std::vector<std::int32_t> project;    // [mid][pw_w][pw_a][block-end context]
    std::vector<std::int32_t> addition;   // [pw_a][block-end context], residual blocks
  };

  // The context of a block's output (or the head's) when the next layer reads it at `bits`, and
  // a residual addition again when `skip`.
  std::int32_t block_end_context(int bits, bool skip) const;
  // The context of what reads the output before block `from`: the first running block from
  // there on (its expand, and its addition when residual), else the tail.
  std::int32_t context_from(const search::SubnetConfig& config, std::size_t from) const;

  search::Space space_;
  ChoiceIndex index_;
  std::vector<std::int32_t> block_end_position_;  // output bits -> position among the block-end widths
  std::int32_t block_end_contexts_ = 0;
  std::int32_t after_last_block_ = 0;  // the tail's context (its width), or the network's end
  std::vector<std::int32_t> head_;     // [block-end context]
  std::int32_t tail_ = 0;
  double fixed_bitops_ = 0.0;
  std::vector<double> latency_ms_, energy_mj_, bitops_;  // one per distinct LUT row
  std::vector<BlockTable> blocks_;
};

}  // namespace apq::calibration
