#pragma once
#include <random>

#include <nlohmann/json.hpp>

#include "search/space/subnet_config.h"

namespace apq::search::testing_support {

// A sub-network spec drawn by the rules of APQ's converter (utils/converter.py, random_spec),
// from APQ's own hard-coded network, not from our space file: every one of the 6 stages gets a
// depth from {2, 3, 4} (also the last, which has a single block), each of the 21 blocks a kernel
// from {3, 5, 7}, an expand ratio k / cin for k = 4 cin, 4 cin + 8, ..., 6 cin (a double, as
// Python divides), bits from {4, 6, 8}; and "wid": null.
struct ConverterSpec {
  nlohmann::json spec;
  // The same sub-network as APQ's code runs it: each stage's depth at most its block count
  // (4, 4, 4, 4, 4, 1), mid channels k.
  SubnetConfig runs;
};

ConverterSpec apq_converter_spec(std::mt19937_64& rng);

}  // namespace apq::search::testing_support
