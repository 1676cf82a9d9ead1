#include "sim/cosim/pass_packing.h"

#include "sim/precision.h"
#include "sim/reference/tiling.h"

namespace apq::sim::cosim {

PassPacking::PassPacking(const AccelConfig& config, const LayerShape& layer, bool im2col,
                         bool signed_activations)
    : layer_(layer),
      im2col_(im2col),
      rows_(config.rows),
      cols_(config.cols),
      out_(output_size(layer)),
      mapping_(reference::group_tiles(config, layer)) {
  precision_.abits = supported_bits(config, layer.abits);
  precision_.wbits = supported_bits(config, layer.wbits);
  precision_.asigned = signed_activations;
  precision_.wsigned = true;
  products_ = rtl::products_per_unit(precision_);
  lanes_ = static_cast<std::int64_t>(rows_) * products_;
}

PassPacking::Lane PassPacking::lane_source(const cycle::TileStep& tile, std::int64_t step,
                                           std::int64_t lane) const {
  const std::int64_t channels = tile.in_channels.size;
  const int k = layer_.kernel;
  Lane source;
  std::int64_t tap = 0;
  std::int64_t channel = 0;
  if (im2col_) {
    const std::int64_t flat = step * lanes_ + lane;  // taps x channels, channels fastest
    if (flat >= static_cast<std::int64_t>(k) * k * channels) return source;
    tap = flat / channels;
    channel = flat % channels;
  } else {
    const std::int64_t chunks = reference::ceil_div(channels, lanes_);
    tap = step / chunks;
    channel = (step % chunks) * lanes_ + lane;
    if (channel >= channels) return source;
  }
  source.used = true;
  source.channel = tile.in_channels.begin + channel;
  source.tap_y = static_cast<int>(tap / k);
  source.tap_x = static_cast<int>(tap % k);
  return source;
}

rtl::ArrayTile PassPacking::pack(const ArrayPass& pass, const LayerData& data) const {
  const cycle::TileStep& tile = *pass.tile;
  const int group_cin = layer_.cin / layer_.groups;
  const int group_cout = layer_.cout / layer_.groups;
  const std::int64_t first_in = tile.group_tile * mapping_.groups_per_tile * group_cin;
  const std::int64_t first_out = tile.group_tile * mapping_.groups_per_tile * group_cout;
  const int in = layer_.in_size;
  const int k = layer_.kernel;
  const std::int64_t rows_by_cols = tile.out_y.size * tile.out_x.size;

  rtl::ArrayTile packed;
  packed.precision = precision_;
  packed.pixels = static_cast<int>(pass.pixels);
  packed.steps = static_cast<int>(pass.steps);
  packed.act.assign(static_cast<std::size_t>(pass.pixels * pass.steps * rows_), 0u);
  packed.wgt.assign(static_cast<std::size_t>(pass.steps * rows_ * cols_), 0u);

  for (std::int64_t t = 0; t < pass.steps; ++t) {
    for (int r = 0; r < rows_; ++r) {
      for (int slot = 0; slot < products_; ++slot) {
        const Lane source = lane_source(tile, pass.step_begin + t, r * products_ + slot);
        if (!source.used) continue;
        const std::int64_t in_channel = first_in + source.channel;
        // Weights: block-diagonal over the group tile; zero where the row's input channel and
        // the column's output channel belong to different groups.
        for (int c = 0; c < cols_; ++c) {
          const std::int64_t out_local =
              tile.out_channels.begin + pass.column_pass * cols_ + c;
          if (out_local >= tile.out_channels.begin + tile.out_channels.size) continue;
          if (source.channel / group_cin != out_local / group_cout) continue;
          const std::int64_t out_channel = first_out + out_local;
          const std::int32_t w =
              data.weights[((out_channel * group_cin + in_channel % group_cin) * k + source.tap_y) * k +
                           source.tap_x];
          rtl::set_operand(packed.wgt[static_cast<std::size_t>((t * rows_ + r) * cols_ + c)], slot,
                           precision_.wbits, w);
        }
        // Activations: the input pixel under this tap for every output pixel of the pass.
        for (std::int64_t p = 0; p < pass.pixels; ++p) {
          const std::int64_t pixel = pass.pixel_begin + p;
          const std::int64_t b = tile.batch.begin + pixel / rows_by_cols;
          const std::int64_t y = tile.out_y.begin + (pixel % rows_by_cols) / tile.out_x.size;
          const std::int64_t x = tile.out_x.begin + pixel % tile.out_x.size;
          const std::int64_t iy = y * layer_.stride - layer_.padding + source.tap_y;
          const std::int64_t ix = x * layer_.stride - layer_.padding + source.tap_x;
          if (iy < 0 || iy >= in || ix < 0 || ix >= in) continue;
          const std::int32_t a = data.activations[static_cast<std::size_t>(
              ((b * layer_.cin + in_channel) * in + iy) * in + ix)];
          rtl::set_operand(packed.act[static_cast<std::size_t>((p * pass.steps + t) * rows_ + r)],
                           slot, precision_.abits, a);
        }
      }
    }
  }
  return packed;
}

void PassPacking::accumulate(const ArrayPass& pass, const std::vector<std::int32_t>& sums,
                             std::vector<std::uint32_t>& outputs) const {
  const cycle::TileStep& tile = *pass.tile;
  const int group_cout = layer_.cout / layer_.groups;
  const std::int64_t first_out = tile.group_tile * mapping_.groups_per_tile * group_cout;
  const std::int64_t rows_by_cols = tile.out_y.size * tile.out_x.size;
  for (std::int64_t p = 0; p < pass.pixels; ++p) {
    const std::int64_t pixel = pass.pixel_begin + p;
    const std::int64_t b = tile.batch.begin + pixel / rows_by_cols;
    const std::int64_t y = tile.out_y.begin + (pixel % rows_by_cols) / tile.out_x.size;
    const std::int64_t x = tile.out_x.begin + pixel % tile.out_x.size;
    for (int c = 0; c < cols_; ++c) {
      const std::int64_t out_local = tile.out_channels.begin + pass.column_pass * cols_ + c;
      if (out_local >= tile.out_channels.begin + tile.out_channels.size) continue;
      const std::int64_t out_channel = first_out + out_local;
      outputs[static_cast<std::size_t>(((b * layer_.cout + out_channel) * out_ + y) * out_ + x)] +=
          static_cast<std::uint32_t>(sums[static_cast<std::size_t>(p * cols_ + c)]);
    }
  }
}

}  // namespace apq::sim::cosim
