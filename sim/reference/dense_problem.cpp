#include "sim/reference/dense_problem.h"

#include "sim/precision.h"

namespace apq::sim::reference {

DenseProblem make_dense_problem(const AccelConfig& config, const LayerShape& layer, bool im2col) {
  DenseProblem problem;
  problem.batch = layer.batch;
  problem.out = output_size(layer);
  problem.kernel = layer.kernel;
  problem.stride = layer.stride;
  problem.cin = layer.cin;
  problem.cout = layer.cout;
  problem.abits = layer.abits;
  problem.wbits = layer.wbits;
  problem.im2col = im2col;

  problem.rows = config.rows;
  problem.cols = config.cols;
  problem.products_per_unit = products_per_unit(config, layer.abits, layer.wbits);
  // Double buffering: a tile may fill half a buffer while the next one loads.
  problem.half_buffer_bits[static_cast<int>(Tensor::Weights)] = config.wbuf.size_bytes * 8 / 2;
  problem.half_buffer_bits[static_cast<int>(Tensor::Activations)] = config.ibuf.size_bytes * 8 / 2;
  problem.half_buffer_bits[static_cast<int>(Tensor::Outputs)] = config.obuf.size_bytes * 8 / 2;
  problem.interface_bits_per_cycle = config.interface_bits_per_cycle;

  problem.core_pj_per_cycle = config.core_dynamic_energy_nj_per_cycle * 1000.0;
  problem.wbuf_read_pj_per_bit = config.wbuf.read_energy_pj_per_bit;
  problem.wbuf_write_pj_per_bit = config.wbuf.write_energy_pj_per_bit;
  problem.ibuf_read_pj_per_bit = config.ibuf.read_energy_pj_per_bit;
  problem.ibuf_write_pj_per_bit = config.ibuf.write_energy_pj_per_bit;
  problem.obuf_read_pj_per_bit = config.obuf.read_energy_pj_per_bit;
  problem.obuf_write_pj_per_bit = config.obuf.write_energy_pj_per_bit;
  problem.dram_pj_per_bit = config.dram_energy_pj_per_bit;
  return problem;
}

bool depends_on(Loop loop, Tensor tensor) {
  switch (tensor) {
    case Tensor::Weights: return loop == Loop::IC || loop == Loop::OC;
    case Tensor::Activations: return loop != Loop::OC;
    case Tensor::Outputs: return loop != Loop::IC;
  }
  return false;
}

}  // namespace apq::sim::reference
