#pragma once
#include <cstddef>
#include <random>

namespace apq::search {

// A uniform index in [0, n), n > 0. std::uniform_int_distribution is implementation-defined,
// so seeded runs would differ between standard libraries; this rejection sampler does not.
std::size_t random_index(std::mt19937_64& rng, std::size_t n);

// True with probability p (0 <= p <= 1), from one draw; std::bernoulli_distribution is
// implementation-defined like uniform_int_distribution.
bool random_chance(std::mt19937_64& rng, double p);

}  // namespace apq::search
