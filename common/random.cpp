#include "common/random.h"

namespace apq {

std::uint64_t random_index(std::mt19937_64& rng, std::uint64_t n) {
  // Draws below 2^64 mod n would favour small indices; skip them.
  const std::uint64_t threshold = (0 - n) % n;
  std::uint64_t draw = rng();
  while (draw < threshold) draw = rng();
  return draw % n;
}

std::int64_t random_between(std::mt19937_64& rng, std::int64_t lo, std::int64_t hi) {
  const std::uint64_t span = static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo);
  if (span == ~std::uint64_t{0}) return static_cast<std::int64_t>(rng());
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(lo) + random_index(rng, span + 1));
}

bool random_chance(std::mt19937_64& rng, double p) {
  // The top 53 bits as a double in [0, 1): exact, so the outcome is the same everywhere.
  const double unit = static_cast<double>(rng() >> 11) * 0x1.0p-53;
  return unit < p;
}

std::uint64_t mix_seed(std::uint64_t seed, std::uint64_t salt) {
  std::uint64_t z = seed + 0x9e3779b97f4a7c15ull * (salt + 1);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

}  // namespace apq
