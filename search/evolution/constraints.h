#pragma once
#include <optional>
#include <string>

#include "search/model/cost_model.h"

namespace apq::search {

// Upper bounds on a sub-network's cost; any combination, each optional.
struct Constraints {
  std::optional<double> latency_ms;
  std::optional<double> energy_mj;
  std::optional<double> bitops;  // counted, not in G
};

bool satisfies(const Cost& cost, const Constraints& constraints);

// "latency <= 2 ms, energy <= 1.5 mJ, bitops <= 40 G"; "none" without constraints.
std::string constraints_text(const Constraints& constraints);

// Throws apq::InputError when a bound lies below the cost model's lower bound on what the space
// reaches (each metric on its own; `minimum` from CostModel::minimum), naming the bound and that
// lower bound.
void check_feasible(const Constraints& constraints, const std::optional<Cost>& minimum);

}  // namespace apq::search
