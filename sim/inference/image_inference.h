#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "layer/integer_network.h"
#include "sim/accel_config.h"
#include "layer/image_set.h"
#include "sim/network.h"
#include "sim/sim_result.h"

namespace apq::sim::inference {

// The accelerator network an integer network runs as (shapes and bits, for the cost model).
Network network_of(const IntegerNetwork& network);

struct InferenceOptions {
  // Every image through the SystemC model with the Verilated array computing each array pass
  // (each layer's operands are what the RTL computed for the layers before it); otherwise the
  // golden integer model computes the values and the model runs once for the costs, which do
  // not depend on the data.
  bool rtl = false;
  std::string layer_outputs_path;  // non-empty: write every layer's output (layer/layer_output_file.h)
};

struct ImageInference {
  int predicted = 0;
  std::vector<std::int32_t> logits;  // the last layer's integers; x output_scale for real logits
  // --rtl: the RTL-driven outputs against the golden model's, every layer and value.
  std::string rtl_mismatch;  // the first difference, empty if none
  std::int64_t passes = 0;
  std::int64_t pass_cycle_mismatches = 0;
  std::int64_t rtl_cycles = 0;  // the network's cycles with the RTL array
};

struct InferenceReport {
  NetworkResult cost;  // the SystemC model, cycle mode (per image: the same for every image)
  std::vector<ImageInference> images;
  std::int64_t correct = -1;  // images whose prediction equals the label (-1: no labels)
  bool rtl = false;

  // With --rtl: every value equal to the golden model's, every pass's cycles equal to the
  // formula and every image's cycles equal to the model's.
  bool pass() const;
};

// Runs the images through the network on the accelerator. Shows progress on stderr. Throws
// apq::InputError when --rtl is asked for a configuration without a Verilated array.
InferenceReport infer_images(const AccelConfig& config, const IntegerNetwork& network, const ImageSet& images,
                             const InferenceOptions& options);

}  // namespace apq::sim::inference
