#include "sim/precision.h"

#include <string>

#include "common/errors.h"

namespace apq::sim {

int supported_bits(const AccelConfig& config, int bits) {
  if (bits > config.max_precision_bits)
    throw InputError("operand width " + std::to_string(bits) +
                     " bits exceeds the array's maximum precision of " +
                     std::to_string(config.max_precision_bits) + " bits");
  int width = config.min_precision_bits;
  while (width < bits) width *= 2;
  return width;
}

int products_per_unit(const AccelConfig& config, int abits, int wbits) {
  return (config.max_precision_bits / supported_bits(config, abits)) *
         (config.max_precision_bits / supported_bits(config, wbits));
}

}  // namespace apq::sim
