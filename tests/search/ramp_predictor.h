#pragma once
#include "search/predictor/predictor_file.h"

namespace apq::testing {

// A predictor whose accuracy grows with the architecture inputs' positions and with the bits,
// so that a search has something to climb.
search::PredictorWeights ramp_predictor(const search::Space& space, search::PredictorKind kind);

}  // namespace apq::testing
