#pragma once
#include <string>
#include <vector>

#include "calibration/lut.h"
#include "search/space/space.h"
#include "search/space/subnet_config.h"

namespace apq::calibration {

// One row of a LUT cost: the head, one running block (its three layers), or the tail.
struct CostPart {
  std::string name;               // "head", "block3", "tail"
  std::vector<std::string> keys;  // the LUT keys summed
  double latency_ms = 0.0;
  double energy_mj = 0.0;
};

struct LutCost {
  std::vector<CostPart> parts;  // head, running blocks in order, tail
  double latency_ms = 0.0;
  double energy_mj = 0.0;
};

// A sub-network's cost from the LUT: head + tail + the three layers of every running block, as
// APQ's predictor sums it. The config must be valid for the space. Throws apq::InputError naming
// `lut_origin`, the missing key and the block it belongs to.
LutCost lut_cost(const Lut& lut, const search::Space& space, const search::SubnetConfig& config,
                 const std::string& lut_origin);

}  // namespace apq::calibration
