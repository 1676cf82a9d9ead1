// apq predictor eval: a predictor file against measured samples, evaluated as the search
// evaluates it (torch-free).
#include <cstdio>

#include <nlohmann/json.hpp>

#include "cli/options.h"
#include "search/predictor/mlp_predictor.h"
#include "search/predictor/quality.h"
#include "search/predictor/sample_file.h"
#include "search/space/space_file.h"

namespace apq::cli {

int run_predictor_eval(const std::vector<std::string>& args) {
  po::options_description desc("options");
  desc.add_options()
      ("space", po::value<std::string>()->required(), "search space of the samples")
      ("predictor", po::value<std::string>()->required(), "predictor file")
      ("data", po::value<std::string>()->required(), "samples: JSON lines {\"config\", \"accuracy\"}")
      ("json", "print the result as JSON");
  po::variables_map vm;
  if (!parse_options("predictor eval", "--space FILE --predictor P --data samples.jsonl [--json]", args, desc, vm))
    return 0;
  const search::Space space = search::load_space(vm["space"].as<std::string>());
  const std::string path = vm["predictor"].as<std::string>();
  const search::MlpPredictor predictor(space, search::load_predictor(path), path);
  const std::vector<search::AccuracySample> samples = search::load_samples(space, vm["data"].as<std::string>());
  std::vector<search::SubnetConfig> configs;
  std::vector<double> measured;
  for (const search::AccuracySample& s : samples) configs.push_back(s.config), measured.push_back(s.accuracy);
  const search::PredictorQuality q = search::predictor_quality(predictor.predict(configs), measured);
  if (vm.count("json")) {
    nlohmann::ordered_json out;
    out["samples"] = q.samples;
    out["rmse"] = q.rmse;
    out["pairwise_accuracy"] = q.pairwise_accuracy;
    out["kendall_tau"] = q.kendall_tau;
    std::printf("%s\n", out.dump(2).c_str());
    return 0;
  }
  std::printf("%zu samples  RMSE %.4f  pairwise accuracy %.4f  Kendall tau %.4f\n", q.samples, q.rmse,
              q.pairwise_accuracy, q.kendall_tau);
  return 0;
}

}  // namespace apq::cli
