#include "sim/layer_cost.h"

namespace apq::sim {

double breakdown_total(const EnergyBreakdown& breakdown) {
  return breakdown.core_dynamic + breakdown.wbuf_read + breakdown.wbuf_write +
         breakdown.ibuf_read + breakdown.ibuf_write + breakdown.obuf_read +
         breakdown.obuf_write + breakdown.dram + breakdown.leakage;
}

}  // namespace apq::sim
