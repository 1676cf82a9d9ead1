#pragma once
// Timing of repeated calls for the throughput tools (wall clock and process CPU time).
#include <time.h>

#include <algorithm>
#include <chrono>
#include <vector>

namespace apq::nn::tools {

inline double process_cpu_seconds() {
  timespec now{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + 1e-9 * static_cast<double>(now.tv_nsec);
}

// Wall-clock and process CPU seconds of one call.
struct Cost {
  double wall = 0;
  double cpu = 0;
};

// The median over `repeats` timed calls: a busy neighbour inflates some calls, not most.
template <typename Fn>
Cost cost_per_call(Fn&& fn, int repeats, int warmups = 1) {
  for (int w = 0; w < warmups; ++w) fn();  // first calls allocate and pick kernels
  std::vector<Cost> costs;
  for (int r = 0; r < repeats; ++r) {
    const auto start = std::chrono::steady_clock::now();
    const double cpu_start = process_cpu_seconds();
    fn();
    costs.push_back({std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(),
                     process_cpu_seconds() - cpu_start});
  }
  std::sort(costs.begin(), costs.end(), [](const Cost& a, const Cost& b) { return a.wall < b.wall; });
  return costs[costs.size() / 2];
}

}  // namespace apq::nn::tools
