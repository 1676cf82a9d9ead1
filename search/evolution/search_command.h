#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace apq::search {

// One `apq search` run as the jobs that run searches in their own processes (the pipeline, the
// sweep) start it: a latency bound, the evolution's size, spot-verification of the best candidates.
struct SearchCommand {
  std::string space, lut, predictor, accel;
  std::string fp32_predictor;  // the sequential strategy only
  std::string strategy = "joint";
  double latency_ms = 0.0;
  std::uint64_t seed = 1;
  int population = 100;
  int generations = 500;
  int verify = 3;
  std::string history;  // empty: no history file
};

// The arguments after `apq` (parents: 25, or the population when smaller).
std::vector<std::string> search_command_args(const SearchCommand& command);

}  // namespace apq::search
