#include "calibration/query.h"

#include "common/errors.h"
#include "layer/lut_key.h"
#include "search/space/network_layers.h"

namespace apq::calibration {

namespace {

const LutValue& lookup(const Lut& lut, const std::string& key, const std::string& part,
                       const std::string& origin) {
  const auto found = lut.find(key);
  if (found == lut.end())
    throw InputError(origin + ": no entry for key '" + key + "' (" + part +
                     "); was the LUT built for this space?");
  return found->second;
}

void add(CostPart& part, const Lut& lut, const std::string& key, const std::string& what,
         const std::string& origin) {
  const LutValue& value = lookup(lut, key, what, origin);
  part.keys.push_back(key);
  part.latency_ms += value.latency_ms;
  part.energy_mj += value.energy_mj;
}

}  // namespace

LutCost lut_cost(const Lut& lut, const search::Space& space, const search::SubnetConfig& config,
                 const std::string& lut_origin) {
  LutCost cost;
  CostPart head{kHeadKey, {}, 0.0, 0.0};
  add(head, lut, kHeadKey, "the fixed head", lut_origin);
  cost.parts.push_back(head);
  for (const search::BlockLayers& block : search::layers_of(space, config).blocks) {
    CostPart part{"block" + std::to_string(block.block), {}, 0.0, 0.0};
    for (int r = 0; r < 3; ++r)
      add(part, lut, lut_key(block.layers[r].shape), part.name + " " + role_name(block.layers[r].role), lut_origin);
    cost.parts.push_back(part);
  }
  CostPart tail{kTailKey, {}, 0.0, 0.0};
  add(tail, lut, kTailKey, "the fixed tail", lut_origin);
  cost.parts.push_back(tail);
  // APQ's order: head + tail first, then the blocks (floating-point sums depend on the order).
  cost.latency_ms = head.latency_ms + tail.latency_ms;
  cost.energy_mj = head.energy_mj + tail.energy_mj;
  for (std::size_t i = 1; i + 1 < cost.parts.size(); ++i) {
    for (const std::string& key : cost.parts[i].keys) {
      cost.latency_ms += lut.at(key).latency_ms;
      cost.energy_mj += lut.at(key).energy_mj;
    }
  }
  return cost;
}

}  // namespace apq::calibration
