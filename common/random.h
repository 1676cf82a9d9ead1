#pragma once
#include <cstdint>
#include <random>

namespace apq {

// The project's one sampler. std::uniform_int_distribution and its relatives are
// implementation-defined, so seeded runs would differ between standard libraries; these draw
// from the raw 64-bit generator only and give the same stream everywhere. Changing any of
// them changes every seeded result (collected data files resume their streams through them).

// A uniform index in [0, n), n > 0 (rejection sampling).
std::uint64_t random_index(std::mt19937_64& rng, std::uint64_t n);

// A uniform integer in [lo, hi], lo <= hi.
std::int64_t random_between(std::mt19937_64& rng, std::int64_t lo, std::int64_t hi);

// True with probability p (0 <= p <= 1), from one draw.
bool random_chance(std::mt19937_64& rng, double p);

// Mixes two values into one seed (SplitMix64 finaliser), so that e.g. (seed, epoch) pairs
// give unrelated streams.
std::uint64_t mix_seed(std::uint64_t seed, std::uint64_t salt);

}  // namespace apq
