#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "rtl/fusion_array_sim.h"
#include "sim/accel_config.h"
#include "sim/array_pass.h"
#include "sim/cosim/layer_data.h"
#include "sim/cosim/pass_packing.h"
#include "sim/network.h"

namespace apq::sim::cosim {

// What the RTL array did for one layer.
struct LayerRun {
  std::vector<std::uint32_t> outputs;  // [batch][cout][out][out], summed over all passes
  std::int64_t passes = 0;
  std::int64_t pass_cycle_mismatches = 0;  // RTL cycles != rtl::tile_cycles
};

// Where the runner reads a layer's integer operands: asked once per array layer, when its first
// pass runs. The model runs a layer's passes only after all of the previous layer's, so the
// operands may be computed from what the array returned for the layers before it (inference).
using LayerDataSource = std::function<const LayerData&(std::size_t layer)>;

// Runs every array pass of a network on the Verilated fusion array with the layers' integer
// operands, and keeps what came out. `signed_activations[i]`: whether layer i's inputs are
// signed. Throws apq::InputError when the configuration has no Verilated array or its weight
// banks are not the depth the model splits passes by.
class RtlPassRunner final : public ArrayPassRunner {
 public:
  RtlPassRunner(const AccelConfig& config, const Network& network, LayerDataSource source,
                const std::vector<bool>& signed_activations);

  std::int64_t run(const ArrayPass& pass) override;

  const LayerRun& layer_run(std::size_t layer) const { return runs_[layer]; }

 private:
  std::unique_ptr<rtl::FusionArraySim> array_;
  LayerDataSource source_;
  std::vector<const LayerData*> data_;  // per layer, once asked
  std::vector<std::unique_ptr<PassPacking>> packings_;  // null for vector-unit layers
  std::vector<LayerRun> runs_;
};

}  // namespace apq::sim::cosim
