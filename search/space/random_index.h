#pragma once
#include <cstddef>
#include <random>

namespace apq::search {

// A uniform index in [0, n), n > 0. std::uniform_int_distribution is implementation-defined,
// so seeded runs would differ between standard libraries; this rejection sampler does not.
std::size_t random_index(std::mt19937_64& rng, std::size_t n);

}  // namespace apq::search
