#pragma once
#include <optional>

#include "search/space/subnet_config.h"

namespace apq::search {

// A sub-network's hardware cost. BitOps are counted, not in G.
struct Cost {
  double latency_ms = 0.0;
  double energy_mj = 0.0;
  double bitops = 0.0;
};

// What the evolution asks of the hardware side (Timeloop's split: the search proposes, the model
// costs). Implementations: LutCostModel (calibration/lut_cost_model.h), which sums LUT entries; a
// full-network simulation could implement it as well.
class CostModel {
 public:
  virtual ~CostModel() = default;
  // The config is valid for the space the model was built for.
  virtual Cost cost(const SubnetConfig& config) const = 0;
  // A lower bound on each metric over the space, minimised separately (no single sub-network
  // need reach all three; exact where the model can tell, as for APQ's tables); nullopt when the
  // model has none without enumerating the space.
  virtual std::optional<Cost> minimum() const = 0;
};

}  // namespace apq::search
