#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/accel_config.h"
#include "sim/network.h"
#include "sim/sim_result.h"

namespace apq::sim {

struct CosimOptions {
  std::uint64_t seed = 1;           // of the random integer operands
  bool signed_activations = false;  // activations after ReLU are unsigned
};

// One layer of a co-simulation.
struct CosimLayerCheck {
  std::string name;
  bool checked = false;                    // an array layer; vector-unit layers are not checked
  std::int64_t outputs = 0;                // output values compared
  std::int64_t output_mismatches = 0;      // against the integer convolution
  std::int64_t passes = 0;                 // RTL passes run
  std::int64_t pass_cycle_mismatches = 0;  // RTL cycles against rtl::tile_cycles
  std::int64_t cosim_cycles = 0;           // the layer's cycles with the RTL array
  std::int64_t model_cycles = 0;           // the layer's cycles in the abstract cycle mode
  bool cycles_equal = false;  // every cycle count and traffic figure equal to the abstract mode's

  bool pass() const;
};

struct CosimReport {
  int rows = 0;
  int cols = 0;
  std::uint64_t seed = 0;
  NetworkResult cosim;  // the SystemC model with the Verilated array
  NetworkResult model;  // the SystemC model with the closed-form pass timing
  std::vector<CosimLayerCheck> layers;

  bool pass() const;
};

// Runs the network through the SystemC model with the Verilated array executing every array pass
// on random integer operands (CosimOptions), and checks each array layer's outputs bit for bit
// against the integer convolution and its cycles against the abstract cycle mode. Meant for small
// arrays (e.g. 4x8) and small layers. Throws apq::InputError when the configuration's shape has
// no Verilated array.
CosimReport cosimulate_network(const AccelConfig& config, const Network& network,
                               const CosimOptions& options);

nlohmann::ordered_json cosim_report_json(const CosimReport& report);

}  // namespace apq::sim
