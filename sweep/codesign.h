#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "search/evolution/evolution.h"
#include "search/space/space.h"
#include "sweep/sweep_config.h"

namespace apq::sweep {

// The accelerator and the network searched together (`apq search --co-design`): one evolution
// whose candidates are (variant of the sweep, sub-network) pairs. The hardware gene is the
// variant's index in the sweep's expanded list; a mutant re-draws it with the mutation
// probability, a crossover child takes either parent's. A variant's LUT is built the first time
// a candidate needs it and kept (in memory, and on disk in OUT/variants/NAME/, where a later run
// finds it). Under each latency bound, and the sweep's area budget, the pairs are ranked by
// predicted accuracy, then smaller area, then lower latency.
struct CodesignRequest {
  SweepConfig config;
  std::string out_dir;
  std::string apq;  // builds the LUTs
  int jobs = 0;     // LUT build workers (0: every core)
  int top = 5;      // distinct pairs reported per bound
};

struct CodesignPair {
  std::size_t variant = 0;
  double area_mm2 = 0.0;
  search::Candidate candidate;
};

struct CodesignResult {
  search::Space space;    // the networks' space, as read for the search
  std::string base_name;  // the base accelerator's name, which every variant's name starts with
  std::vector<std::vector<CodesignPair>> best;  // per bound, best first
  std::vector<nlohmann::ordered_json> variants;  // every variant a candidate asked for: name, area, status
  int luts_built = 0;
  std::int64_t predictions = 0;
};

// `progress` is called once per generation of each bound's evolution. Throws apq::InputError
// when no variant can be run or no pair meets a bound.
CodesignResult run_codesign(const CodesignRequest& request, const std::function<void()>& progress = {});

nlohmann::ordered_json codesign_json(const CodesignRequest& request, const CodesignResult& result);

}  // namespace apq::sweep
