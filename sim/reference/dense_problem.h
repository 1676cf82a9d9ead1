#pragma once
#include <array>
#include <cstdint>

#include "sim/accel_config.h"
#include "layer/layer_shape.h"
#include "sim/loop_nest.h"

namespace apq::sim::reference {

// The three tensors a tile moves between DRAM and its buffer.
enum class Tensor { Weights, Activations, Outputs };
constexpr int kTensorCount = 3;

// Partial sums live in the OBUF at the accumulator width.
constexpr std::int64_t kAccumulatorBits = 32;

// A dense convolution with every number the reference model uses, in its units: sizes in
// elements, buffers in bits, energies in pJ. The input extent is derived from the output:
// (out - 1) * stride + kernel, padding included.
struct DenseProblem {
  std::int64_t batch = 1;
  std::int64_t out = 1;  // output side
  std::int64_t kernel = 1;
  std::int64_t stride = 1;
  std::int64_t cin = 1;
  std::int64_t cout = 1;
  std::int64_t abits = 8;  // nominal widths: data is stored at these
  std::int64_t wbits = 8;
  bool im2col = false;

  std::int64_t rows = 1;
  std::int64_t cols = 1;
  std::int64_t products_per_unit = 1;  // at the supported widths
  std::array<std::int64_t, kTensorCount> half_buffer_bits{};  // indexed by Tensor
  std::int64_t interface_bits_per_cycle = 1;

  // Cycle-mode scheduling (sim/README.md, "Tiling optimizer"); all zero in the reference model,
  // whose array has no pipeline. An array tile runs as RTL passes of at most `pass_depth`
  // reduction steps (shared out evenly) per column pass, each costing `pass_overhead_cycles` of
  // fill and drain on top of its beats, or the `rows` cycles per step of its weight-bank load
  // when that is longer (the load overlaps the previous pass).
  std::int64_t pass_depth = 0;
  std::int64_t pass_overhead_cycles = 0;
  // Cycle-mode scheduling: double buffering requests a tile's loads only one tile ahead, so
  // every tile's loads but the first pay the DRAM latency on top of the overlapped traffic.
  std::int64_t dram_latency_cycles = 0;
  // Cycle-mode scheduling: final outputs leave at this width (after the vector unit), and
  // partial sums travel only after the first input-channel tile. Zero: the reference's 32-bit
  // round trip of every output tile fetch.
  std::int64_t output_bits = 0;

  double core_pj_per_cycle = 0.0;
  double wbuf_read_pj_per_bit = 0.0;
  double wbuf_write_pj_per_bit = 0.0;
  double ibuf_read_pj_per_bit = 0.0;
  double ibuf_write_pj_per_bit = 0.0;
  double obuf_read_pj_per_bit = 0.0;
  double obuf_write_pj_per_bit = 0.0;
  double dram_pj_per_bit = 0.0;
};

// The problem of a dense (groups = 1) layer; the layer must be valid.
DenseProblem make_dense_problem(const AccelConfig& config, const LayerShape& layer, bool im2col);

// Which tile loops index a tensor: a loop the tensor does not depend on reuses its tile.
bool depends_on(Loop loop, Tensor tensor);

}  // namespace apq::sim::reference
