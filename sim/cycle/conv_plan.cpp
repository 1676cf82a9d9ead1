#include "sim/cycle/conv_plan.h"

#include <algorithm>

#include "common/errors.h"
#include "rtl/golden_model.h"
#include "sim/cycle/residency.h"
#include "sim/reference/dense_problem.h"
#include "sim/reference/tiling.h"

namespace apq::sim::cycle {

using reference::ceil_div;
using reference::kAccumulatorBits;
using reference::Tensor;

namespace {

// Channels of group tile `g`: the last one may hold fewer groups than the others.
struct GroupChannels {
  std::int64_t cin = 0;
  std::int64_t cout = 0;
};

GroupChannels group_channels(const LayerShape& layer, const reference::GroupTiles& mapping,
                             std::int64_t g) {
  if (layer.groups == 1) return {layer.cin, layer.cout};
  const std::int64_t groups = std::min<std::int64_t>(mapping.groups_per_tile,
                                                     layer.groups - g * mapping.groups_per_tile);
  return {groups * (layer.cin / layer.groups), groups * (layer.cout / layer.groups)};
}

Extent clip(std::int64_t index, std::int64_t tile, std::int64_t full) {
  const std::int64_t begin = index * tile;
  return {begin, std::max<std::int64_t>(0, std::min(tile, full - begin))};
}

// Walks the tile loops in `order` (outermost first), the innermost fastest.
bool advance(TileIndex& index, const Tiling& tiling, const LoopOrder& order) {
  for (auto loop = order.rbegin(); loop != order.rend(); ++loop) {
    std::int64_t& i = index[static_cast<int>(*loop)];
    if (++i < tiling[*loop].count) return true;
    i = 0;
  }
  return false;
}

}  // namespace

ConvPlan plan_conv_layer(const AccelConfig& config, const LayerShape& layer, const LayerIo& io,
                         const PassSplit& split) {
  validate_layer(layer);
  ConvPlan plan;
  plan.mapping = reference::group_tiles(config, layer);
  reference::DenseProblem problem;
  try {
    problem = reference::make_dense_problem(config, plan.mapping.tile_layer, io.im2col);
    // The reference's search, told what a pass and a tile's DRAM latency cost and how the
    // outputs travel here, so that it weighs them the way a compiler for this array must.
    problem.pass_depth = split.depth;
    problem.pass_overhead_cycles = rtl::tile_cycles({config.rows, config.cols}, 0, 0);
    problem.dram_latency_cycles = config.dram_latency_cycles;
    problem.output_bits = io.output_bits;
    plan.schedule = reference::search_schedule(problem);
  } catch (const InputError& error) {
    throw InputError("accelerator " + config.name + ", layer " + describe_layer(layer) + ": " +
                     error.what());
  }
  const Tiling& tiling = plan.schedule.tiling;
  const LoopOrder& order = plan.schedule.order;
  const Residency residency(problem, tiling, order);
  const bool outputs_stay_over_ic = residency.holds_across(Tensor::Outputs, Loop::IC);

  const std::int64_t k = problem.kernel;
  const std::int64_t taps = k * k;
  const std::int64_t lanes = problem.rows * problem.products_per_unit;

  for (std::int64_t g = 0; g < plan.mapping.tiles; ++g) {
    const GroupChannels channels = group_channels(layer, plan.mapping, g);
    const std::int64_t last_ic = ceil_div(channels.cin, tiling[Loop::IC].size) - 1;
    TileIndex index{};
    do {
      TileStep tile;
      tile.group_tile = g;
      tile.batch = clip(index[static_cast<int>(Loop::B)], tiling[Loop::B].size, problem.batch);
      tile.out_y = clip(index[static_cast<int>(Loop::OH)], tiling[Loop::OH].size, problem.out);
      tile.out_x = clip(index[static_cast<int>(Loop::OW)], tiling[Loop::OW].size, problem.out);
      const std::int64_t ic_index = index[static_cast<int>(Loop::IC)];
      tile.in_channels = clip(ic_index, tiling[Loop::IC].size, channels.cin);
      tile.out_channels = clip(index[static_cast<int>(Loop::OC)], tiling[Loop::OC].size,
                               channels.cout);
      // The last group tile of a ragged grouping has fewer channels: its surplus tiles are empty.
      if (tile.in_channels.size == 0 || tile.out_channels.size == 0) continue;

      const std::int64_t nb = tile.batch.size;
      const std::int64_t oh = tile.out_y.size;
      const std::int64_t ow = tile.out_x.size;
      const std::int64_t ic = tile.in_channels.size;
      const std::int64_t oc = tile.out_channels.size;
      tile.pixels = nb * oh * ow;
      tile.steps = io.im2col ? ceil_div(taps * ic, lanes) : taps * ceil_div(ic, lanes);
      tile.column_passes = ceil_div(oc, problem.cols);

      if (residency.fetches(Tensor::Weights, index))
        tile.weight_load_bits = ceil_div(taps * ic, lanes) * lanes * oc * problem.wbits;
      if (residency.fetches(Tensor::Activations, index) && !io.input_on_chip) {
        const std::int64_t window = io.im2col
                                        ? oh * ow * taps
                                        : (k + (oh - 1) * problem.stride) * (k + (ow - 1) * problem.stride);
        tile.activation_load_bits = window * ic * nb * problem.abits;
      }
      const std::int64_t sums_bits = tile.pixels * oc * kAccumulatorBits;
      // Partial sums travel only when the outputs leave the OBUF between input-channel tiles;
      // the first input-channel tile starts from zero.
      if (!outputs_stay_over_ic && ic_index > 0) tile.psum_load_bits = sums_bits;
      const bool final_outputs = ic_index == last_ic;
      if (!outputs_stay_over_ic || final_outputs) {
        tile.sram.obuf_read += sums_bits;
        if (!final_outputs) {
          tile.writeback_bits = sums_bits;
        } else {
          const std::int64_t output_bits = tile.pixels * oc * io.output_bits;
          if (io.output_on_chip) tile.sram.ibuf_write += output_bits;
          if (io.output_to_dram) tile.writeback_bits = output_bits;
        }
      }

      tile.sram.wbuf_write += tile.weight_load_bits;
      tile.sram.ibuf_write += tile.activation_load_bits;
      tile.sram.obuf_write += tile.psum_load_bits;
      const SramBits passes =
          pass_sram_bits(tile, split, taps, problem.abits, problem.wbits, ic_index == 0);
      tile.sram.wbuf_read += passes.wbuf_read;
      tile.sram.ibuf_read += passes.ibuf_read;
      tile.sram.obuf_read += passes.obuf_read;
      tile.sram.obuf_write += passes.obuf_write;
      plan.tiles.push_back(tile);
    } while (advance(index, tiling, order));
  }
  return plan;
}

}  // namespace apq::sim::cycle
