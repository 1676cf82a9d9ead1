// apq lut query: a sub-network's latency and energy from a LUT, block by block.
#include <cstdio>

#include <nlohmann/json.hpp>

#include "cli/options.h"
#include "calibration/lut_file.h"
#include "calibration/query.h"
#include "search/space/config_file.h"
#include "search/space/space_file.h"

namespace apq::cli {

int run_lut_query(const std::vector<std::string>& args) {
  po::options_description desc("options");
  desc.add_options()
      ("lut", po::value<std::string>()->required(), "LUT file (context-aware or APQ's JSON format)")
      ("space", po::value<std::string>()->required(), "search space the config belongs to")
      ("config", po::value<std::string>()->required(), "sub-network configuration (APQ spec JSON)")
      ("json", "print the result as JSON");
  po::variables_map vm;
  if (!parse_options("lut query", "--lut FILE --space FILE --config FILE [--json]", args, desc, vm)) return 0;
  const std::string lut_path = vm["lut"].as<std::string>();
  const search::Space space = search::load_space(vm["space"].as<std::string>());
  const search::SubnetConfig config = search::load_config(space, vm["config"].as<std::string>());
  const calibration::Lut table = calibration::load_lut(lut_path);
  const calibration::LutCost cost = calibration::lut_cost(table, space, config, lut_path);

  if (vm.count("json")) {
    nlohmann::ordered_json out;
    out["latency"] = cost.latency_ms;
    out["energy"] = cost.energy_mj;
    nlohmann::ordered_json parts = nlohmann::ordered_json::array();
    for (const calibration::CostPart& part : cost.parts) {
      nlohmann::ordered_json p;
      p["name"] = part.name;
      p["latency"] = part.latency_ms;
      p["energy"] = part.energy_mj;
      p["keys"] = part.keys;
      parts.push_back(p);
    }
    out["parts"] = parts;
    std::printf("%s\n", out.dump(2).c_str());
    return 0;
  }
  std::printf("%-8s %14s %7s %14s %7s  %s\n", "part", "latency (ms)", "share", "energy (mJ)", "share", "LUT keys");
  for (const calibration::CostPart& part : cost.parts) {
    std::string keys;
    for (const std::string& key : part.keys) keys += (keys.empty() ? "" : " + ") + key;
    std::printf("%-8s %14.6f %6.2f%% %14.6f %6.2f%%  %s\n", part.name.c_str(), part.latency_ms,
                100.0 * part.latency_ms / cost.latency_ms, part.energy_mj, 100.0 * part.energy_mj / cost.energy_mj,
                keys.c_str());
  }
  std::printf("%-8s %14.6f %7s %14.6f\n", "total", cost.latency_ms, "", cost.energy_mj);
  return 0;
}

}  // namespace apq::cli
