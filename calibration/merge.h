#pragma once
#include <string>
#include <utility>
#include <vector>

#include "calibration/lut.h"

namespace apq::calibration {

// Joins LUTs (shards of one build, or tables of disjoint spaces). A key in several inputs must
// carry the same value in each; otherwise throws apq::InputError naming the key and both files.
// Inputs are (origin, table).
Lut merge_luts(const std::vector<std::pair<std::string, Lut>>& inputs);

// Keys of `required` missing from `lut`, in order.
std::vector<std::string> missing_keys(const Lut& lut, const std::vector<std::string>& required);

}  // namespace apq::calibration
