#include "search/space/random_index.h"

#include <cstdint>

namespace apq::search {

std::size_t random_index(std::mt19937_64& rng, std::size_t n) {
  const std::uint64_t range = n;
  // Draws below 2^64 mod n would favour small indices; skip them.
  const std::uint64_t threshold = (0 - range) % range;
  std::uint64_t draw = rng();
  while (draw < threshold) draw = rng();
  return static_cast<std::size_t>(draw % range);
}

bool random_chance(std::mt19937_64& rng, double p) {
  // The top 53 bits as a double in [0, 1): exact, so the outcome is the same everywhere.
  const double unit = static_cast<double>(rng() >> 11) * 0x1.0p-53;
  return unit < p;
}

}  // namespace apq::search
