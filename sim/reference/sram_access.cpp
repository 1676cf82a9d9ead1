#include "sim/reference/sram_access.h"

#include <algorithm>

#include "sim/reference/tiling.h"

namespace apq::sim::reference {

Dataflow choose_dataflow(const DenseProblem& problem, const Tiling& tiling) {
  const std::int64_t b = tiling[Loop::B].size;
  const std::int64_t ow = tiling[Loop::OW].size;
  const std::int64_t oh = tiling[Loop::OH].size;
  const std::int64_t ic = tiling[Loop::IC].size;
  const std::int64_t oc = tiling[Loop::OC].size;
  const std::int64_t k = problem.kernel;
  const std::int64_t lanes = problem.rows * problem.products_per_unit;
  const std::int64_t a = problem.abits;
  const std::int64_t w = problem.wbits;
  const std::int64_t o = kAccumulatorBits;

  // Trip counts of the three SRAM loops: output channels, reduction, output pixels.
  const std::int64_t is_loop = ceil_div(oc, problem.cols) * problem.cols;
  const std::int64_t os_loop = problem.im2col ? ceil_div(k * k * ic, lanes) * lanes
                                              : ceil_div(ic, lanes) * lanes * k * k;
  const std::int64_t ws_loop = b * oh * ow;

  const std::int64_t input_stationary = os_loop * ws_loop * (a + is_loop * (w + o));
  const std::int64_t output_stationary = is_loop * ws_loop * (o + os_loop * (a + w));
  const std::int64_t weight_stationary = os_loop * is_loop * (w + ws_loop * (a + o));
  const std::int64_t smallest = std::min({input_stationary, output_stationary, weight_stationary});
  if (input_stationary == smallest) return Dataflow::InputStationary;
  if (output_stationary == smallest) return Dataflow::OutputStationary;
  return Dataflow::WeightStationary;
}

SramBits array_sram_bits(const DenseProblem& problem, const Tiling& tiling, Dataflow dataflow) {
  const std::int64_t b = tiling[Loop::B].size;
  const std::int64_t ow = tiling[Loop::OW].size;
  const std::int64_t oh = tiling[Loop::OH].size;
  const std::int64_t ic = tiling[Loop::IC].size;
  const std::int64_t oc = tiling[Loop::OC].size;
  const std::int64_t k = problem.kernel;
  const std::int64_t a = problem.abits;
  const std::int64_t w = problem.wbits;
  const std::int64_t o = kAccumulatorBits;
  const std::int64_t tiles = tile_count(tiling);

  SramBits bits;
  switch (dataflow) {
    case Dataflow::InputStationary: {
      const std::int64_t inputs = tiles * k * k * ic * oh * ow * b;
      bits.ibuf_read = inputs * a;
      bits.wbuf_read = inputs * oc * w;
      bits.obuf_read = inputs * oc * o;
      bits.obuf_write = inputs * oc * o;
      break;
    }
    case Dataflow::OutputStationary: {
      const std::int64_t outputs = tiles * oc * oh * ow * b;
      bits.ibuf_read = outputs * k * k * ic * a;
      bits.wbuf_read = outputs * k * k * ic * w;
      bits.obuf_read = outputs * o;
      bits.obuf_write = outputs * o;
      break;
    }
    case Dataflow::WeightStationary: {
      const std::int64_t weights = tiles * k * k * ic * oc;
      bits.ibuf_read = weights * b * ow * oh * a;
      bits.wbuf_read = weights * w;
      bits.obuf_read = weights * b * ow * oh * o;
      bits.obuf_write = weights * b * ow * oh * o;
      break;
    }
  }
  return bits;
}

SramBits with_dram_fills(const SramBits& array_bits, const Traffic& traffic) {
  SramBits bits = array_bits;
  bits.wbuf_write += traffic[static_cast<int>(Tensor::Weights)].dram_bits;
  bits.ibuf_write += traffic[static_cast<int>(Tensor::Activations)].dram_bits;
  bits.obuf_write += traffic[static_cast<int>(Tensor::Outputs)].dram_bits;
  bits.obuf_read += traffic[static_cast<int>(Tensor::Outputs)].dram_bits;
  return bits;
}

}  // namespace apq::sim::reference
