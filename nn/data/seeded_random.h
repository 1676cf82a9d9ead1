#pragma once
#include <cstdint>
#include <random>

namespace apq::nn {

// A uniform integer in [0, bound), bound > 0, by rejection sampling on the raw generator.
// std::uniform_int_distribution is implementation-defined; this is the same everywhere, so
// seeded splits and augmentations reproduce across platforms.
inline std::uint64_t uniform_below(std::mt19937_64& rng, std::uint64_t bound) {
  const std::uint64_t limit = std::mt19937_64::max() - std::mt19937_64::max() % bound;
  std::uint64_t draw = rng();
  while (draw >= limit) draw = rng();
  return draw % bound;
}

// Mixes two values into one seed (SplitMix64 finaliser), so that e.g. (seed, epoch) pairs
// give unrelated streams.
inline std::uint64_t mix_seed(std::uint64_t seed, std::uint64_t salt) {
  std::uint64_t z = seed + 0x9e3779b97f4a7c15ull * (salt + 1);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

}  // namespace apq::nn
