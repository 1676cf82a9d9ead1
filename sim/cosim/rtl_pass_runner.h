#pragma once
#include <cstdint>
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

// Runs every array pass of a network on the Verilated fusion array with the layers' integer
// operands, and keeps what came out. Throws apq::InputError when the configuration has no
// Verilated array or its weight banks are not the depth the model splits passes by.
class RtlPassRunner final : public ArrayPassRunner {
 public:
  RtlPassRunner(const AccelConfig& config, const Network& network,
                const std::vector<LayerData>& data, bool signed_activations);

  std::int64_t run(const ArrayPass& pass) override;

  const LayerRun& layer_run(std::size_t layer) const { return runs_[layer]; }

 private:
  std::unique_ptr<rtl::FusionArraySim> array_;
  const std::vector<LayerData>& data_;
  std::vector<std::unique_ptr<PassPacking>> packings_;  // null for vector-unit layers
  std::vector<LayerRun> runs_;
};

}  // namespace apq::sim::cosim
