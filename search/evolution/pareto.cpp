#include "search/evolution/pareto.h"

#include <algorithm>

namespace apq::search {
namespace {

bool dominates(const Candidate& a, const Candidate& b) {
  const bool no_worse = a.accuracy >= b.accuracy && a.cost.latency_ms <= b.cost.latency_ms &&
                        a.cost.energy_mj <= b.cost.energy_mj;
  const bool better = a.accuracy > b.accuracy || a.cost.latency_ms < b.cost.latency_ms ||
                      a.cost.energy_mj < b.cost.energy_mj;
  return no_worse && better;
}

}  // namespace

std::vector<Candidate> pareto_front(const std::vector<Candidate>& candidates) {
  // In this order no candidate is dominated by a later one, so each needs comparing only with
  // the front found so far, which stays small.
  std::vector<const Candidate*> order;
  for (const Candidate& c : candidates) order.push_back(&c);
  std::stable_sort(order.begin(), order.end(), [](const Candidate* a, const Candidate* b) {
    if (a->accuracy != b->accuracy) return a->accuracy > b->accuracy;
    if (a->cost.latency_ms != b->cost.latency_ms) return a->cost.latency_ms < b->cost.latency_ms;
    return a->cost.energy_mj < b->cost.energy_mj;
  });
  std::vector<Candidate> front;
  for (const Candidate* c : order)
    if (std::none_of(front.begin(), front.end(), [&](const Candidate& f) { return dominates(f, *c); }))
      front.push_back(*c);
  std::stable_sort(front.begin(), front.end(), [](const Candidate& a, const Candidate& b) {
    if (a.cost.latency_ms != b.cost.latency_ms) return a.cost.latency_ms < b.cost.latency_ms;
    return a.cost.energy_mj < b.cost.energy_mj;
  });
  return front;
}

}  // namespace apq::search
