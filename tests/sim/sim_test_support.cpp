#include "tests/sim/sim_test_support.h"

namespace apq::sim::testing {

AccelConfig preset(const std::string& name) {
  return load_accel_config(std::string(APQ_ACCEL_CONFIG_DIR) + "/" + name + ".json");
}

LayerShape conv(int cin, int cout, int in, int k, int s, int groups, int wbits, int abits,
                int batch) {
  LayerShape layer;
  layer.cin = cin;
  layer.cout = cout;
  layer.in_size = in;
  layer.kernel = k;
  layer.stride = s;
  layer.padding = k / 2;
  layer.groups = groups;
  layer.wbits = wbits;
  layer.abits = abits;
  layer.batch = batch;
  return layer;
}

}  // namespace apq::sim::testing
