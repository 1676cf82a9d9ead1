#pragma once
#include <vector>

#include "search/evolution/evolution.h"

namespace apq::search {

// The candidates no other candidate beats: none has higher or equal accuracy and lower or equal
// latency and energy with at least one strictly better. Ordered by latency, then energy.
std::vector<Candidate> pareto_front(const std::vector<Candidate>& candidates);

}  // namespace apq::search
