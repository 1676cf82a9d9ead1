#include "calibration/merge.h"

#include <map>

#include "common/errors.h"

namespace apq::calibration {

Lut merge_luts(const std::vector<std::pair<std::string, Lut>>& inputs) {
  Lut merged;
  std::map<std::string, const std::string*> origin_of;
  for (const auto& [origin, lut] : inputs) {
    for (const auto& [key, value] : lut) {
      const auto found = merged.find(key);
      if (found == merged.end()) {
        merged.emplace(key, value);
        origin_of[key] = &origin;
      } else if (found->second != value) {
        throw InputError("key '" + key + "' has different values in " + *origin_of[key] + " and " + origin);
      }
    }
  }
  check_one_format(merged, "the merged LUT");
  return merged;
}

std::vector<std::string> missing_keys(const Lut& lut, const std::vector<std::string>& required) {
  std::vector<std::string> missing;
  for (const std::string& key : required)
    if (!lut.count(key)) missing.push_back(key);
  return missing;
}

}  // namespace apq::calibration
