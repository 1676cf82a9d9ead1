#include "search/model/bitops.h"

#include "search/space/network_layers.h"

namespace apq::search {

double layer_bitops(const SpaceLayer& layer, int batch) {
  const LayerShape& s = layer.shape;
  return static_cast<double>(layer_macs(layer.op, s)) * batch * s.wbits * s.abits;
}

double network_bitops(const Space& space, const SubnetConfig& config) {
  double total = 0.0;
  for (const SpaceLayer& layer : flatten(layers_of(space, config))) total += layer_bitops(layer, space.batch);
  return total;
}

double fixed_bitops(const Space& space) {
  double total = 0.0;
  for (const auto& part : {head_layers(space), tail_layers(space)})
    for (const SpaceLayer& layer : part) total += layer_bitops(layer, space.batch);
  return total;
}

}  // namespace apq::search
