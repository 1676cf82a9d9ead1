#include "search/model/bitops.h"

#include "search/space/network_layers.h"

namespace apq::search {

std::int64_t layer_macs(const SpaceLayer& layer) {
  if (layer.op == LayerOp::GlobalAvgPool) return 0;
  const std::int64_t out = output_size(layer);
  return out * out * layer.cout * (layer.cin / layer.groups) * layer.kernel * layer.kernel;
}

double layer_bitops(const SpaceLayer& layer, int batch) {
  return static_cast<double>(layer_macs(layer)) * batch * layer.wbits * layer.abits;
}

double network_bitops(const Space& space, const SubnetConfig& config) {
  double total = 0.0;
  for (const SpaceLayer& layer : flatten(layers_of(space, config))) total += layer_bitops(layer, space.batch);
  return total;
}

}  // namespace apq::search
