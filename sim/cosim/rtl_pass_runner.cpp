#include "sim/cosim/rtl_pass_runner.h"

#include <string>
#include <utility>

#include "common/errors.h"
#include "sim/cycle/tile_plan.h"

namespace apq::sim::cosim {

RtlPassRunner::RtlPassRunner(const AccelConfig& config, const Network& network, LayerDataSource source,
                             const std::vector<bool>& signed_activations)
    : array_(rtl::make_fusion_array_sim({config.rows, config.cols})),
      source_(std::move(source)),
      data_(network.layers.size(), nullptr) {
  if (config.min_precision_bits != 2 || config.max_precision_bits != 8)
    throw InputError("accelerator " + config.name +
                     ": the RTL array computes 2- to 8-bit operands, the configuration says " +
                     std::to_string(config.min_precision_bits) + " to " +
                     std::to_string(config.max_precision_bits));
  const std::int64_t depth = cycle::rtl_pass_split().depth;
  if (array_->weight_depth() != depth)
    throw InputError("the Verilated array's weight banks hold " +
                     std::to_string(array_->weight_depth()) + " steps, the model splits passes by " +
                     std::to_string(depth));
  for (std::size_t i = 0; i < network.layers.size(); ++i) {
    const NetworkLayer& layer = network.layers[i];
    LayerRun run;
    if (runs_on_array(layer.op)) {
      packings_.push_back(std::make_unique<PassPacking>(config, layer.shape, uses_im2col(layer),
                                                        signed_activations.at(i)));
      const std::int64_t out = output_size(layer.shape);
      run.outputs.assign(static_cast<std::size_t>(layer.shape.batch * layer.shape.cout * out * out), 0u);
    } else {
      packings_.push_back(nullptr);
    }
    runs_.push_back(std::move(run));
  }
}

std::int64_t RtlPassRunner::run(const ArrayPass& pass) {
  const PassPacking& packing = *packings_[pass.layer];
  const LayerData*& data = data_[pass.layer];
  if (data == nullptr) data = &source_(pass.layer);
  const rtl::ArrayTile tile = packing.pack(pass, *data);
  const rtl::TileRun result = array_->run_tile(tile);
  LayerRun& run = runs_[pass.layer];
  ++run.passes;
  if (result.cycles != rtl::tile_cycles(array_->shape(), pass.pixels, pass.steps))
    ++run.pass_cycle_mismatches;
  packing.accumulate(pass, result.outputs, run.outputs);
  return result.cycles;
}

}  // namespace apq::sim::cosim
