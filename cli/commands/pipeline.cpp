// apq pipeline: the main job, from the LUT to the report, resumable step by step.
#include "pipeline/pipeline.h"

#include <cstdio>
#include <iostream>

#include "cli/apq_nn.h"
#include "cli/options.h"
#include "common/errors.h"

namespace apq::cli {

int run_pipeline(const std::vector<std::string>& args) {
  po::options_description desc("options");
  desc.add_options()("config", po::value<std::string>(),
                     "pipeline configuration (pipeline/README.md; default: the shipped "
                     "configs/pipeline/default.json)")("out", po::value<std::string>()->required(),
                                                       "folder of the run: every step's files and report.md")(
      "resume", "continue the run in --out at its first unfinished step")(
      "stop-after", po::value<std::string>(), "stop once this step is done (--resume continues)")(
      "list-steps", "print the step names and exit");
  po::variables_map vm;
  if (!parse_options("pipeline", "[--config FILE] --out DIR [--resume] [--stop-after STEP] [--list-steps]", args, desc,
                     vm))
    return 0;
  pipeline::PipelineRequest request;
  request.config = pipeline::load_pipeline_config(vm.count("config") ? vm["config"].as<std::string>()
                                                                     : pipeline::default_pipeline_config_path());
  if (vm.count("list-steps")) {
    for (const std::string& name : pipeline::pipeline_step_names(request.config)) std::cout << name << "\n";
    return 0;
  }
  request.out_dir = vm["out"].as<std::string>();
  request.resume = vm.count("resume") > 0;
  if (vm.count("stop-after")) request.stop_after = vm["stop-after"].as<std::string>();
  request.apq = this_executable();
  const pipeline::PipelineOutcome outcome = pipeline::run_pipeline(request);
  std::fprintf(stderr, "pipeline: %d step(s) run, %d done earlier\n", outcome.steps_run, outcome.steps_skipped);
  if (outcome.finished) std::cout << "report: " << outcome.report << "\n";
  return 0;
}

}  // namespace apq::cli
