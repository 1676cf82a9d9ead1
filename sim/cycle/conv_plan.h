#pragma once
#include <cstdint>
#include <vector>

#include "sim/accel_config.h"
#include "sim/cycle/tile_plan.h"
#include "layer/layer_shape.h"
#include "sim/reference/group_tiles.h"
#include "sim/reference/schedule_search.h"

namespace apq::sim::cycle {

// Where a layer's input comes from and where its output goes.
struct LayerIo {
  bool im2col = false;
  // Width of the final outputs in DRAM: the vector unit after the OBUF requantizes the 32-bit
  // sums to the next layer's activation width.
  std::int64_t output_bits = 8;
  bool input_on_chip = false;   // the input is already in the IBUF: no activation loads
  bool output_on_chip = false;  // the final outputs move to the IBUF for the next layer
  bool output_to_dram = true;   // the final outputs are written back (a later layer needs them)
};

// A convolution (or fully connected layer) as the controller runs it: the reference's schedule
// for one group tile (its tiling and loop order, BitFusion's compiler) and every tile of every
// group tile in loop order.
struct ConvPlan {
  reference::GroupTiles mapping;
  reference::Schedule schedule;
  std::vector<TileStep> tiles;
};

// Plans a valid layer. The schedule is the reference's search; the tiles execute it with their
// real extents, skip the partial-sum read of a first input-channel tile (the OBUF starts from
// zero), and write final outputs at `io.output_bits`. Throws apq::InputError when no tile fits.
ConvPlan plan_conv_layer(const AccelConfig& config, const LayerShape& layer, const LayerIo& io,
                         const PassSplit& split);

}  // namespace apq::sim::cycle
