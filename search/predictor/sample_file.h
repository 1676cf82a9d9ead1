#pragma once
#include <string>
#include <vector>

#include "search/space/space.h"
#include "search/space/subnet_config.h"

namespace apq::search {

// One line of a predictor's data: a sub-network and its measured accuracy (a fraction).
struct AccuracySample {
  SubnetConfig config;
  double accuracy = 0.0;
};

// JSON lines {"config": APQ spec, "accuracy": fraction, ...} (apq supernet sample writes them;
// other keys are ignored). Blank lines are skipped. Throws apq::InputError naming the file, the
// line, the field and the value for anything else, and for a file without samples.
std::vector<AccuracySample> load_samples(const Space& space, const std::string& path);

}  // namespace apq::search
