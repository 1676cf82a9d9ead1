#include "sim/cycle/vector_plan.h"

#include <algorithm>

#include "sim/reference/dense_problem.h"
#include "sim/reference/tiling.h"

namespace apq::sim::cycle {

using reference::ceil_div;
using reference::kAccumulatorBits;

std::vector<TileStep> plan_vector_layer(const AccelConfig& config, const NetworkLayer& layer,
                                        const LayerIo& io) {
  validate_layer(layer.shape);
  const LayerShape& s = layer.shape;
  const bool add = layer.op == LayerOp::Add;
  const std::int64_t in_pixels = static_cast<std::int64_t>(s.batch) * s.in_size * s.in_size;
  const std::int64_t out = output_size(s);
  const std::int64_t out_pixels = static_cast<std::int64_t>(s.batch) * out * out;
  const std::int64_t operands = add ? 2 : 1;
  const std::int64_t bits = s.abits;

  const std::int64_t half_ibuf_bits = config.ibuf.size_bytes * 8 / 2;
  const std::int64_t channel_bits = operands * in_pixels * bits;
  const std::int64_t chunk = std::clamp<std::int64_t>(half_ibuf_bits / channel_bits, 1, s.cout);

  std::vector<TileStep> tiles;
  for (std::int64_t begin = 0; begin < s.cout; begin += chunk) {
    TileStep tile;
    const std::int64_t channels = std::min(chunk, s.cout - begin);
    tile.batch = {0, s.batch};
    tile.out_y = {0, out};
    tile.out_x = {0, out};
    tile.in_channels = {begin, channels};
    tile.out_channels = {begin, channels};

    const std::int64_t operand_bits = channels * in_pixels * bits;
    tile.activation_load_bits = (io.input_on_chip ? 0 : operand_bits) + (add ? operand_bits : 0);
    // Element operations: one per window element of a pool, one per output of an addition.
    const std::int64_t operations =
        add ? channels * in_pixels
            : channels * out_pixels * static_cast<std::int64_t>(s.kernel) * s.kernel;
    tile.vector_cycles = ceil_div(operations, config.cols);

    const std::int64_t outputs = channels * out_pixels;
    tile.sram.ibuf_write = tile.activation_load_bits;
    tile.sram.ibuf_read = add ? operands * operand_bits : operations * bits;
    tile.sram.obuf_write = outputs * kAccumulatorBits;
    tile.sram.obuf_read = outputs * kAccumulatorBits;
    if (io.output_on_chip) tile.sram.ibuf_write += outputs * io.output_bits;
    if (io.output_to_dram) tile.writeback_bits = outputs * io.output_bits;
    tiles.push_back(tile);
  }
  return tiles;
}

}  // namespace apq::sim::cycle
