#include "layer/requantization.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>

namespace apq {

Requantization requantization_of(double factor) {
  if (!std::isfinite(factor) || factor < 0.0 || factor >= 2147483648.0)
    throw std::invalid_argument("requantization factor " + std::to_string(factor) + " is not in [0, 2^31)");
  if (factor == 0.0) return {};
  int exponent = 0;
  const double fraction = std::frexp(factor, &exponent);  // factor = fraction x 2^exponent, fraction in [0.5, 1)
  auto fixed = static_cast<std::int64_t>(std::llround(fraction * 2147483648.0));
  if (fixed == (std::int64_t{1} << 31)) {  // the fraction rounded up to 1
    fixed /= 2;
    ++exponent;
  }
  const int shift = -exponent;  // >= -31 since factor < 2^31
  if (shift > 31) return {};
  return {static_cast<std::int32_t>(fixed), shift};
}

std::int32_t rounding_doubling_high_multiply(std::int32_t a, std::int32_t b) {
  if (a == std::numeric_limits<std::int32_t>::min() && b == std::numeric_limits<std::int32_t>::min())
    return std::numeric_limits<std::int32_t>::max();
  const std::int64_t product = static_cast<std::int64_t>(a) * b;
  // Division truncates toward zero, so a nudge of half toward the product's sign rounds halves
  // away from zero on both sides (gemmlowp's nudge of 1 - 2^30 for negative products would round
  // their ties toward zero).
  const std::int64_t nudge = product >= 0 ? (std::int64_t{1} << 30) : -(std::int64_t{1} << 30);
  return static_cast<std::int32_t>((product + nudge) / (std::int64_t{1} << 31));
}

std::int32_t rounding_divide_by_power_of_two(std::int32_t x, int exponent) {
  if (exponent < 0 || exponent > 31)
    throw std::invalid_argument("requantization shift " + std::to_string(exponent) + " is not in 0-31");
  const std::int64_t mask = (std::int64_t{1} << exponent) - 1;
  const std::int64_t remainder = static_cast<std::int64_t>(x) & mask;
  const std::int64_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return static_cast<std::int32_t>((static_cast<std::int64_t>(x) >> exponent) + (remainder > threshold ? 1 : 0));
}

std::int32_t requantize(std::int32_t accumulator, const Requantization& r) {
  if (r.shift < -31 || r.shift > 31)
    throw std::invalid_argument("requantization shift " + std::to_string(r.shift) + " is not in -31 to 31");
  std::int32_t scaled = accumulator;
  if (r.shift < 0) {
    const std::int64_t wide = static_cast<std::int64_t>(accumulator) * (std::int64_t{1} << -r.shift);
    scaled = static_cast<std::int32_t>(std::clamp<std::int64_t>(wide, std::numeric_limits<std::int32_t>::min(),
                                                                std::numeric_limits<std::int32_t>::max()));
  }
  return rounding_divide_by_power_of_two(rounding_doubling_high_multiply(scaled, r.multiplier), r.shift > 0 ? r.shift : 0);
}

std::int32_t requantize_to_unsigned(std::int32_t accumulator, const Requantization& r, int bits) {
  if (bits < 1 || bits > 16) throw std::invalid_argument("activation width " + std::to_string(bits) + " is not in 1-16");
  const std::int32_t top = (std::int32_t{1} << bits) - 1;
  const std::int32_t value = requantize(accumulator, r);
  return value < 0 ? 0 : (value > top ? top : value);
}

}  // namespace apq
