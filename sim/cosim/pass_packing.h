#pragma once
#include <cstdint>
#include <vector>

#include "rtl/golden_model.h"
#include "sim/accel_config.h"
#include "sim/array_pass.h"
#include "sim/cosim/layer_data.h"
#include "layer/layer_shape.h"
#include "sim/reference/group_tiles.h"

namespace apq::sim::cosim {

// How a layer's integers map onto the array's operands (rtl/README.md, operand packing): row r
// of a beat carries `products` input channels of one reduction step (a kernel tap and a chunk of
// rows x products input channels, or, under im2col, a chunk of the flattened taps x channels),
// column c is output channel c of the column pass. Grouped layers use the block-diagonal weights
// of their group tile (sim/README.md).
class PassPacking {
 public:
  PassPacking(const AccelConfig& config, const LayerShape& layer, bool im2col,
              bool signed_activations);

  // The pass as the array's tile: activation beats of its pixels and steps, and its weights.
  rtl::ArrayTile pack(const ArrayPass& pass, const LayerData& data) const;

  // Adds the pass's sums out[p * cols + c] into `outputs` ([batch][cout][out][out], 32-bit wrap):
  // the OBUF accumulating over passes and input-channel tiles.
  void accumulate(const ArrayPass& pass, const std::vector<std::int32_t>& sums,
                  std::vector<std::uint32_t>& outputs) const;

 private:
  // Where operand slot `lane` of reduction step `step` reads from, for a tile's channels:
  // the group-tile-local input channel and kernel tap, or nothing (padding of the chunk).
  struct Lane {
    bool used = false;
    std::int64_t channel = 0;
    int tap_y = 0;
    int tap_x = 0;
  };
  Lane lane_source(const cycle::TileStep& tile, std::int64_t step, std::int64_t lane) const;

  LayerShape layer_;
  bool im2col_;
  int rows_;
  int cols_;
  int out_;
  rtl::Precision precision_;
  int products_;
  std::int64_t lanes_;
  reference::GroupTiles mapping_;
};

}  // namespace apq::sim::cosim
