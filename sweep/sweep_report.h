#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sweep/sweep_run.h"

namespace apq::sweep {

// summary.json (the configuration, every variant's result, the best variant at each bound),
// summary.csv (a row per variant and bound) and the figures accuracy_latency.png (best predicted
// accuracy against LUT latency, a line per variant) and area_latency.png (area against the
// winners' latency, a series per bound), with their gnuplot scripts. Returns summary.csv's path.
// `base_name`: the base accelerator's name, which every variant's name starts with.
std::string write_sweep_summary(const SweepRequest& request, const std::string& base_name,
                                const std::vector<nlohmann::ordered_json>& results);

}  // namespace apq::sweep
