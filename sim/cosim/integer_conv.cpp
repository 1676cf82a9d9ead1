#include "sim/cosim/integer_conv.h"

namespace apq::sim::cosim {

std::vector<std::int32_t> integer_convolution(const LayerShape& layer,
                                              const std::vector<std::int32_t>& activations,
                                              const std::vector<std::int32_t>& weights) {
  const int in = layer.in_size;
  const int k = layer.kernel;
  const int out = output_size(layer);
  const int group_cin = layer.cin / layer.groups;
  const int group_cout = layer.cout / layer.groups;
  std::vector<std::int32_t> result(static_cast<std::size_t>(layer.batch) * layer.cout * out * out);
  std::size_t index = 0;
  for (int b = 0; b < layer.batch; ++b) {
    for (int oc = 0; oc < layer.cout; ++oc) {
      const int first_ic = (oc / group_cout) * group_cin;
      for (int y = 0; y < out; ++y) {
        for (int x = 0; x < out; ++x) {
          // Unsigned arithmetic wraps at 32 bits without undefined behaviour.
          std::uint32_t sum = 0;
          for (int c = 0; c < group_cin; ++c) {
            for (int i = 0; i < k; ++i) {
              const int iy = y * layer.stride - layer.padding + i;
              if (iy < 0 || iy >= in) continue;
              for (int j = 0; j < k; ++j) {
                const int ix = x * layer.stride - layer.padding + j;
                if (ix < 0 || ix >= in) continue;
                const std::int32_t a =
                    activations[((static_cast<std::size_t>(b) * layer.cin + first_ic + c) * in + iy) * in + ix];
                const std::int32_t w =
                    weights[((static_cast<std::size_t>(oc) * group_cin + c) * k + i) * k + j];
                sum += static_cast<std::uint32_t>(a) * static_cast<std::uint32_t>(w);
              }
            }
          }
          result[index++] = static_cast<std::int32_t>(sum);
        }
      }
    }
  }
  return result;
}

}  // namespace apq::sim::cosim
