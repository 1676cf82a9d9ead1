#pragma once
#include <string>
#include <vector>

#include "pipeline/pipeline_config.h"

namespace apq::pipeline {

// One run of the main job into a folder: LUT build, LUT validation, bounds, one search per
// (strategy, bound) with spot-verification, QAT fine-tuning and test of every winner, the best
// winner's energy per layer, its integer network through the model with the RTL array, report.
struct PipelineRequest {
  PipelineConfig config;
  std::string out_dir;
  std::string apq;         // the apq executable each step runs
  bool resume = false;     // continue a run in out_dir at its first unfinished step
  std::string stop_after;  // a step name: stop once it is done (empty: run to the end)
};

struct PipelineOutcome {
  std::string report;  // out_dir/report.md, once the report step has run
  int steps_run = 0;
  int steps_skipped = 0;  // finished by an earlier run (--resume)
  bool finished = false;  // every step done
};

// The step names in run order, for --stop-after and the report.
std::vector<std::string> pipeline_step_names(const PipelineConfig& config);

// Throws apq::UsageError for a folder that holds another run (without resume) or an unknown
// stop_after, apq::InputError when a step's command refuses its input, std::runtime_error when
// a step's command fails.
PipelineOutcome run_pipeline(const PipelineRequest& request);

}  // namespace apq::pipeline
