#include "search/evolution/constraints.h"

#include "common/errors.h"
#include "common/number_text.h"

namespace apq::search {
namespace {

struct Bound {
  const char* name;
  const char* unit;
  double scale;  // shown value = value / scale
  const std::optional<double>* limit;
  double Cost::*metric;
};

std::vector<Bound> bounds_of(const Constraints& c) {
  return {{"latency", "ms", 1.0, &c.latency_ms, &Cost::latency_ms},
          {"energy", "mJ", 1.0, &c.energy_mj, &Cost::energy_mj},
          {"bitops", "G", 1e9, &c.bitops, &Cost::bitops}};
}

}  // namespace

bool satisfies(const Cost& cost, const Constraints& c) {
  return (!c.latency_ms || cost.latency_ms <= *c.latency_ms) && (!c.energy_mj || cost.energy_mj <= *c.energy_mj) &&
         (!c.bitops || cost.bitops <= *c.bitops);
}

std::string constraints_text(const Constraints& constraints) {
  std::string text;
  for (const Bound& b : bounds_of(constraints)) {
    if (!*b.limit) continue;
    text +=
        (text.empty() ? "" : ", ") + std::string(b.name) + " <= " + number_text(**b.limit / b.scale, 6) + " " + b.unit;
  }
  return text.empty() ? "none" : text;
}

void check_feasible(const Constraints& constraints, const std::optional<Cost>& minimum) {
  if (!minimum) return;
  for (const Bound& b : bounds_of(constraints)) {
    if (*b.limit && **b.limit < (*minimum).*b.metric)
      throw InputError("the constraint " + std::string(b.name) + " <= " + number_text(**b.limit / b.scale, 6) + " " +
                       b.unit + " cannot be met: no sub-network of the space has " + b.name + " below " +
                       number_text((*minimum).*b.metric / b.scale, 6) + " " + b.unit);
  }
}

}  // namespace apq::search
