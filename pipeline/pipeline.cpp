#include "pipeline/pipeline.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>

#include "common/atomic_file.h"
#include "common/errors.h"
#include "common/json_fields.h"
#include "pipeline/report.h"
#include "pipeline/steps.h"

namespace apq::pipeline {
namespace {

namespace fs = std::filesystem;

struct Step {
  std::string name;
  std::function<void(StepContext&)> run;
};

std::vector<Step> pipeline_steps(const PipelineConfig& config) {
  std::vector<Step> steps{{"lut", build_lut}, {"lut-validate", validate_lut}, {"bounds", choose_bounds}};
  for (const SearchTask& task : search_tasks(config))
    steps.push_back({"search-" + task.id, [task](StepContext& ctx) { run_search(ctx, task); }});
  for (const SearchTask& task : search_tasks(config))
    steps.push_back({"finetune-" + task.id, [task](StepContext& ctx) { finetune_winner(ctx, task); }});
  steps.push_back({"best", simulate_best});
  steps.push_back({"integer", run_integer_best});
  steps.push_back({"report", write_report});
  return steps;
}

std::string marker_path(const fs::path& dir, const std::string& step) {
  return (dir / "steps" / (step + ".json")).string();
}

std::string duration_text(double seconds) {
  char text[32];
  const long s = static_cast<long>(seconds + 0.5);
  if (s >= 60)
    std::snprintf(text, sizeof text, "%ldm%02lds", s / 60, s % 60);
  else
    std::snprintf(text, sizeof text, "%lds", s);
  return text;
}

// A resumed run must continue the same job: the configuration it was started with.
void check_same_configuration(const fs::path& dir, const nlohmann::ordered_json& config, bool resume) {
  const std::string path = (dir / "pipeline.json").string();
  if (!fs::exists(path)) return;
  if (!resume)
    throw UsageError(dir.string() +
                     " holds a pipeline run already (pipeline.json): add --resume to continue it, "
                     "or choose another --out");
  const nlohmann::json earlier = json_fields::read_json_file(path);
  for (const auto& [key, value] : config.items()) {
    if (!earlier.contains(key) || earlier.at(key) != nlohmann::json(value))
      throw InputError(path + ": " + key + " = " + (earlier.contains(key) ? earlier.at(key).dump() : "(missing)") +
                       ": the run in this folder was started with another configuration (" + key + " = " +
                       value.dump() + " now); choose another --out");
  }
}

}  // namespace

std::vector<std::string> pipeline_step_names(const PipelineConfig& config) {
  std::vector<std::string> names;
  for (const Step& step : pipeline_steps(config)) names.push_back(step.name);
  return names;
}

PipelineOutcome run_pipeline(const PipelineRequest& request) {
  const std::vector<Step> steps = pipeline_steps(request.config);
  if (!request.stop_after.empty()) {
    bool known = false;
    std::string names;
    for (const Step& step : steps) {
      known = known || step.name == request.stop_after;
      names += (names.empty() ? "" : ", ") + step.name;
    }
    if (!known) throw UsageError("--stop-after must name a step (" + names + "), got '" + request.stop_after + "'");
  }
  const fs::path dir = fs::absolute(request.out_dir);
  const nlohmann::ordered_json config = pipeline_config_json(request.config);
  check_same_configuration(dir, config, request.resume);
  fs::create_directories(dir / "steps");
  write_file_atomically((dir / "pipeline.json").string(), config.dump(2) + "\n");

  PipelineOutcome outcome;
  const auto start = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const Step& step = steps[i];
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (fs::exists(marker_path(dir, step.name))) {
      ++outcome.steps_skipped;
      std::fprintf(stderr, "pipeline [%zu/%zu] %s: done by an earlier run\n", i + 1, steps.size(), step.name.c_str());
    } else {
      // The ETA assumes the remaining steps take the mean time of those run so far.
      const std::string eta =
          outcome.steps_run > 0 ? ", ETA ~" + duration_text(elapsed / outcome.steps_run * (steps.size() - i)) : "";
      std::fprintf(stderr, "pipeline [%zu/%zu] %s (elapsed %s%s)\n", i + 1, steps.size(), step.name.c_str(),
                   duration_text(elapsed).c_str(), eta.c_str());
      const auto step_start = std::chrono::steady_clock::now();
      StepContext ctx{request.config, dir, request.apq, {}};
      step.run(ctx);
      nlohmann::ordered_json marker;
      marker["step"] = step.name;
      marker["seconds"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - step_start).count();
      marker["commands"] = ctx.commands;
      write_file_atomically(marker_path(dir, step.name), marker.dump(2) + "\n");
      ++outcome.steps_run;
    }
    if (step.name == request.stop_after && i + 1 < steps.size()) {
      std::fprintf(stderr, "pipeline: stopped after %s as asked; --resume continues at %s\n", step.name.c_str(),
                   steps[i + 1].name.c_str());
      return outcome;
    }
  }
  outcome.finished = true;
  outcome.report = (dir / "report.md").string();
  return outcome;
}

}  // namespace apq::pipeline
