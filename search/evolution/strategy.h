#pragma once
#include <string>

#include "search/space/space.h"

namespace apq::search {

// joint: architecture and quantization policy searched together (APQ). fixed-bits:B: every
// layer of every block at B bits, the architecture searched. sequential: architecture, then
// channels, then bits, one after the other (the pipeline APQ compares with; sequential.h).
struct Strategy {
  bool fixed_bits = false;
  int bits = 0;  // fixed_bits only
  bool sequential = false;
};

// "joint", "fixed-bits:B" or "sequential"; throws apq::UsageError naming --strategy and the text.
Strategy parse_strategy(const std::string& text);
std::string strategy_text(const Strategy& strategy);

// The space the evolution samples: the space itself for joint and sequential, with every bit list reduced to
// {B} for fixed-bits:B. Throws apq::InputError when B is not among one of the space's lists.
Space strategy_space(const Space& space, const Strategy& strategy);

}  // namespace apq::search
