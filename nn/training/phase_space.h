#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "nn/training/training_config.h"
#include "search/space/space.h"

namespace apq::nn {

// How many of each block's mid-channel choices (the largest ones) a phase samples from.
std::vector<std::size_t> mid_choice_counts(const search::Space& space, double mid_fraction);

// The part of `space` a phase samples from: its largest kernels, depths and mid channels (as
// explicit per-block lists). Configs drawn from it with search::random_config are configs of
// `space`.
search::Space phase_space(const search::Space& space, const PhaseConfig& phase);

// The choices of `space` that none of `phases` samples ("" when they cover it all), e.g.
// "kernel 3; depth 1 of stages 1, 2": sub-networks that use them are never trained.
std::string untrained_choices(const search::Space& space, const std::vector<PhaseConfig>& phases);

}  // namespace apq::nn
