// apq lut merge: joins the slices of a sharded build (or any LUTs that agree where they overlap).
#include <cstdio>

#include "cli/options.h"
#include "common/errors.h"
#include "calibration/build_plan.h"
#include "calibration/lut_file.h"
#include "calibration/merge.h"
#include "search/space/space_file.h"

namespace apq::cli {

int run_lut_merge(const std::vector<std::string>& args) {
  po::options_description desc("options");
  desc.add_options()
      ("out", po::value<std::string>()->required(), "merged LUT file to write (atomically)")
      ("space", po::value<std::string>(), "check that the result has every entry this space needs")
      ("inputs", po::value<std::vector<std::string>>()->multitoken(), "LUT files to join");
  po::positional_options_description positional;
  positional.add("inputs", -1);
  po::variables_map vm;
  if (!parse_options("lut merge", "--out FILE [--space FILE] LUT...", args, desc, vm, &positional))
    return 0;
  if (!vm.count("inputs")) throw UsageError("give the LUT files to merge");
  std::vector<std::pair<std::string, calibration::Lut>> inputs;
  for (const std::string& path : vm["inputs"].as<std::vector<std::string>>())
    inputs.emplace_back(path, calibration::load_lut(path));
  const calibration::Lut merged = calibration::merge_luts(inputs);
  if (vm.count("space")) {
    std::vector<std::string> required;
    for (const calibration::PlanEntry& entry : calibration::plan_entries(search::load_space(vm["space"].as<std::string>()),
                                                                          calibration::lut_format_of(merged)))
      required.push_back(entry.key);
    const std::vector<std::string> missing = calibration::missing_keys(merged, required);
    if (!missing.empty())
      throw InputError("the merged LUT lacks " + std::to_string(missing.size()) + " of the " +
                       std::to_string(required.size()) + " entries of the space, first '" + missing.front() +
                       "' (a shard missing?)");
  }
  const std::string out = vm["out"].as<std::string>();
  calibration::save_lut(out, merged);
  std::printf("wrote %s: %zu entries from %zu files\n", out.c_str(), merged.size(), inputs.size());
  return 0;
}

}  // namespace apq::cli
