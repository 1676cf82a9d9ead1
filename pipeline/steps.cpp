#include "pipeline/steps.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <thread>

#include "calibration/lut_cost_model.h"
#include "calibration/lut_file.h"
#include "common/atomic_file.h"
#include "common/errors.h"
#include "common/number_text.h"
#include "common/statistics.h"
#include "search/evolution/search_command.h"
#include "search/evolution/strategy.h"
#include "search/space/space_file.h"

namespace apq::pipeline {
namespace {

void write_json(const StepContext& ctx, const std::string& relative, const nlohmann::ordered_json& value) {
  write_file_atomically(ctx.path(relative), value.dump(2) + "\n");
}

// The LUT latencies of the validation's random sub-networks.
std::vector<double> validation_lut_latencies(const StepContext& ctx) {
  const std::vector<double> latencies = read_second_csv_column(ctx.path("lut_validation.csv"), "the LUT validation");
  if (latencies.empty()) throw InputError(ctx.path("lut_validation.csv") + ": no samples");
  return latencies;
}

bool task_feasible(const StepContext& ctx, const SearchTask& task) {
  return read_run_json(ctx, "bounds.json").at("feasible").at(task.id).get<bool>();
}

}  // namespace

void build_lut(StepContext& ctx) {
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  ctx.run_apq({"lut", "build", "--space", ctx.config.space, "--accel", ctx.config.accel, "--out", ctx.path("lut.json"),
               "--jobs", std::to_string(cores)});
}

void validate_lut(StepContext& ctx) {
  ctx.run_apq({"lut", "validate", "--lut", ctx.path("lut.json"), "--space", ctx.config.space, "--accel",
               ctx.config.accel, "--samples", std::to_string(ctx.config.validate_samples), "--seed",
               std::to_string(ctx.config.seed), "--csv", ctx.path("lut_validation.csv"), "--json"},
              "lut_validation.json");
}

void choose_bounds(StepContext& ctx) {
  const PipelineConfig& c = ctx.config;
  nlohmann::ordered_json out;
  std::vector<double> bounds = c.latency_ms;
  if (bounds.empty()) {
    const std::vector<double> latencies = validation_lut_latencies(ctx);
    std::string source = "quantiles";
    for (const double q : c.latency_quantiles) {
      bounds.push_back(percentile(latencies, 100.0 * q));
      source += " " + number_text(q);
    }
    out["source"] = source + " of the LUT latency of the " + std::to_string(latencies.size()) +
                    " random sub-networks of the LUT validation";
  } else {
    out["source"] = "the configuration's latency_ms";
  }
  out["latency_ms"] = bounds;

  // A search whose bound is below the cheapest network its strategy can reach is skipped, with
  // its minimum recorded, rather than left to fail.
  const search::Space space = search::load_space(c.space);
  const calibration::Lut table = calibration::load_lut(ctx.path("lut.json"));
  out["minimum_latency_ms"] = nlohmann::ordered_json::object();
  out["feasible"] = nlohmann::ordered_json::object();
  for (const std::string& strategy : c.strategies) {
    const search::Space sampled = search::strategy_space(space, search::parse_strategy(strategy));
    const std::optional<search::Cost> cheapest =
        calibration::lut_cost_model(table, sampled, ctx.path("lut.json"))->minimum();
    const double minimum = cheapest ? cheapest->latency_ms : 0.0;  // no minimum known: every bound is tried
    out["minimum_latency_ms"][strategy] = minimum;
    for (const SearchTask& task : search_tasks(c)) {
      if (task.strategy != strategy) continue;
      const bool feasible = bounds[task.bound_index] >= minimum;
      out["feasible"][task.id] = feasible;
      if (!feasible)
        std::fprintf(stderr, "pipeline: %s skipped: its bound %.4f ms is below the fastest %s network (%.4f ms)\n",
                     task.id.c_str(), bounds[task.bound_index], strategy.c_str(), minimum);
    }
  }
  write_json(ctx, "bounds.json", out);
}

void run_search(StepContext& ctx, const SearchTask& task) {
  const PipelineConfig& c = ctx.config;
  std::filesystem::create_directories(ctx.path("search"));
  if (!task_feasible(ctx, task)) {
    nlohmann::ordered_json skipped;
    skipped["strategy"] = task.strategy;
    skipped["infeasible"] = true;
    write_json(ctx, "search/" + task.id + ".json", skipped);
    return;
  }
  const double bound = read_run_json(ctx, "bounds.json").at("latency_ms").at(task.bound_index).get<double>();
  search::SearchCommand command;
  command.space = c.space;
  command.lut = ctx.path("lut.json");
  command.predictor = c.predictor;
  command.accel = c.accel;
  command.strategy = task.strategy;
  if (task.strategy == "sequential") command.fp32_predictor = c.fp32_predictor;
  command.latency_ms = bound;
  command.seed = c.seed;
  command.population = c.population;
  command.generations = c.generations;
  command.verify = c.verify;
  command.history = ctx.path("search/" + task.id + "_history.csv");
  ctx.run_apq(search::search_command_args(command), "search/" + task.id + ".json");
}

void finetune_winner(StepContext& ctx, const SearchTask& task) {
  if (!task_feasible(ctx, task)) return;
  const PipelineConfig& c = ctx.config;
  std::filesystem::create_directories(ctx.path("finetune"));
  const nlohmann::json search = read_run_json(ctx, "search/" + task.id + ".json");
  const std::string spec = "finetune/" + task.id + "_spec.json";
  write_file_atomically(ctx.path(spec), search.at("best").at("config").dump(1) + "\n");
  ctx.run_apq({"quant", "finetune", "--ckpt", c.supernet, "--space", c.space, "--config", ctx.path(spec),
               "--finetune-images", std::to_string(c.finetune_images), "--seed", std::to_string(c.seed), "--data-dir",
               c.data_dir, "--no-fp32", "--out", ctx.path("finetune/" + task.id + ".qnet.pt"), "--json"},
              "finetune/" + task.id + ".json");
}

void simulate_best(StepContext& ctx) {
  // The best winner by measured test top-1 after QAT; a tie goes to the lower LUT latency.
  const std::vector<SearchTask> tasks = search_tasks(ctx.config);
  const SearchTask* best = nullptr;
  double best_top1 = -1.0, best_latency = 0.0;
  for (const SearchTask& task : tasks) {
    if (!task_feasible(ctx, task)) continue;
    const double top1 = read_run_json(ctx, "finetune/" + task.id + ".json").at("test_top1").get<double>();
    const double latency = read_run_json(ctx, "search/" + task.id + ".json").at("best").at("latency").get<double>();
    if (!best || top1 > best_top1 || (top1 == best_top1 && latency < best_latency)) {
      best = &task;
      best_top1 = top1;
      best_latency = latency;
    }
  }
  if (!best) throw InputError("every search of the pipeline was infeasible (bounds.json): nothing to report");
  std::filesystem::create_directories(ctx.path("best"));
  nlohmann::ordered_json choice;
  choice["id"] = best->id;
  choice["strategy"] = best->strategy;
  choice["test_top1"] = best_top1;
  choice["lut_latency_ms"] = best_latency;
  choice["spec"] = ctx.path("finetune/" + best->id + "_spec.json");
  choice["qnet"] = ctx.path("finetune/" + best->id + ".qnet.pt");
  write_json(ctx, "best/best.json", choice);
  ctx.run_apq({"sim", "export-net", "--space", ctx.config.space, "--config", choice["spec"].get<std::string>()},
              "best/net.json");
  ctx.run_apq({"sim", "net", "--accel", ctx.config.accel, "--net", ctx.path("best/net.json"), "--json"},
              "best/sim.json");
}

void run_integer_best(StepContext& ctx) {
  const nlohmann::json best = read_run_json(ctx, "best/best.json");
  std::filesystem::create_directories(ctx.path("integer"));
  ctx.run_apq({"quant", "export", "--qnet", best.at("qnet").get<std::string>(), "--data-dir", ctx.config.data_dir,
               "--out", ctx.path("integer/net.int.json")});
  ctx.run_apq({"sim", "net", "--accel", ctx.config.accel, "--net", ctx.path("integer/net.int.json"), "--input",
               ctx.config.data_dir + "/t10k-images-idx3-ubyte.gz", "--labels",
               ctx.config.data_dir + "/t10k-labels-idx1-ubyte.gz", "--images", std::to_string(ctx.config.rtl_images),
               "--rtl", "--json"},
              "integer/rtl.json");
}

}  // namespace apq::pipeline
