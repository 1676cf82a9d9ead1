#include "sweep/sweep_run.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include "common/atomic_file.h"
#include "common/child_process.h"
#include "common/errors.h"
#include "common/json_fields.h"
#include "common/number_text.h"
#include "search/evolution/search_command.h"
#include "sweep/accel_variant.h"
#include "sweep/sweep_report.h"
#include "sweep/variant_lut.h"

namespace apq::sweep {
namespace {

namespace fs = std::filesystem;

// One variant: its accelerator file and LUT, then a search per bound, in out/variants/NAME/.
nlohmann::ordered_json run_variant(const VariantContext& ctx, std::size_t index) {
  const SweepConfig& c = ctx.config;
  nlohmann::ordered_json result;
  const std::string lut = prepare_variant_lut(ctx, index, result);
  if (lut.empty()) return result;
  const fs::path dir = fs::path(lut).parent_path();
  const std::string accel = (dir / "accel.json").string();
  result["bounds"] = nlohmann::ordered_json::array();
  for (std::size_t b = 0; b < c.latency_ms.size(); ++b) {
    const std::string stem = "search_" + std::to_string(b + 1);
    const std::string out = (dir / (stem + ".json")).string();
    search::SearchCommand command;
    command.space = c.space;
    command.lut = lut;
    command.predictor = c.predictor;
    command.accel = accel;
    command.strategy = c.strategy;
    command.latency_ms = c.latency_ms[b];
    command.seed = c.seed;
    command.population = c.population;
    command.generations = c.generations;
    command.verify = c.verify;
    std::vector<std::string> args = search::search_command_args(command);
    args.insert(args.end(), {"--output", out});
    const ChildResult searched = run_child(ctx.apq, args, {(dir / (stem + ".log")).string(), true});
    nlohmann::ordered_json bound;
    bound["latency_bound_ms"] = c.latency_ms[b];
    if (searched.exit_code == 2) {
      bound["status"] = "infeasible";
      bound["reason"] = last_log_line((dir / (stem + ".log")).string());
    } else if (searched.exit_code != 0) {
      throw std::runtime_error("apq search failed for " + result["name"].get<std::string>() + " (exit code " +
                               std::to_string(searched.exit_code) + "; its log: " + (dir / (stem + ".log")).string() +
                               ")");
    } else {
      const nlohmann::json found = json_fields::read_json_file(out);
      const nlohmann::json& best = found.at("best");
      bound["status"] = "ok";
      bound["accuracy"] = best.at("accuracy");
      bound["lut_latency_ms"] = best.at("latency");
      bound["lut_energy_mj"] = best.at("energy");
      for (const nlohmann::json& candidate : found.at("verification").at("candidates"))
        if (candidate.at("config") == best.at("config")) {
          bound["sim_latency_ms"] = candidate.at("sim_latency");
          bound["sim_energy_mj"] = candidate.at("sim_energy");
          break;
        }
      bound["config"] = best.at("config");
    }
    result["bounds"].push_back(bound);
  }
  return result;
}

void prepare_folder(ProcessGroup& group, const SweepRequest& request, const nlohmann::ordered_json& config) {
  const fs::path dir(request.out_dir);
  const fs::path saved = dir / "sweep.json";
  // Every rank decides from the same files, before rank 0 writes, so all of them throw or none.
  if (fs::exists(saved)) {
    if (!request.resume && !request.shard)
      throw UsageError(dir.string() +
                       " holds a sweep already (sweep.json): add --resume to continue it, or choose "
                       "another --out");
    if (json_fields::read_json_file(saved.string()) != nlohmann::json::parse(config.dump()))
      throw InputError(saved.string() +
                       ": the sweep in this folder was started with another sweep file; choose "
                       "another --out");
  }
  group.barrier();
  if (group.rank() == 0) {
    fs::create_directories(dir / "variants");
    write_file_atomically(saved.string(), config.dump(2) + "\n");
  }
  group.barrier();
}

}  // namespace

SweepOutcome run_sweep(ProcessGroup& group, const SweepRequest& request) {
  const SweepConfig& c = request.config;
  if (request.shard && group.size() > 1)
    throw UsageError("--shard " + shard_text(*request.shard) + " is for job arrays; mpirun already splits the sweep");
  const nlohmann::ordered_json config = sweep_config_json(c);
  const HardwareTables tables = load_hardware_tables(c.tables);
  const nlohmann::ordered_json base = nlohmann::ordered_json::parse(std::ifstream(c.base));
  prepare_folder(group, request, config);

  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  const VariantContext ctx{c, tables, base, request.out_dir, request.apq,
                           request.jobs > 0 ? request.jobs : std::max(1, cores / group.size())};
  const Shard share = request.shard ? *request.shard : Shard{group.rank() + 1, group.size()};
  std::vector<std::size_t> mine;
  for (std::size_t i = 0; i < c.variants.size(); ++i)
    if (in_shard(i, share)) mine.push_back(i);
  if (mine.empty())
    std::fprintf(stderr, "sweep: rank %d of %d has no variant (%zu variants over %d ranks)\n", group.rank(),
                 group.size(), c.variants.size(), group.size());

  nlohmann::ordered_json results = nlohmann::ordered_json::array();
  const auto start = std::chrono::steady_clock::now();
  for (std::size_t k = 0; k < mine.size(); ++k) {
    const std::size_t i = mine[k];
    const fs::path done = fs::path(request.out_dir) / "variants" /
                          variant_name(base.at("name").get<std::string>(), c.variants[i]) / "result.json";
    nlohmann::ordered_json result;
    if ((request.resume || request.shard) && fs::exists(done)) {
      result = nlohmann::ordered_json::parse(std::ifstream(done));
    } else {
      result = run_variant(ctx, i);
      write_file_atomically(done.string(), result.dump(2) + "\n");
    }
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::fprintf(stderr, "sweep: rank %d: %zu/%zu variants (%s: %s), %.1f s, ETA %.0f s\n", group.rank(), k + 1,
                 mine.size(), result["name"].get<std::string>().c_str(), result["status"].get<std::string>().c_str(),
                 elapsed, elapsed / (k + 1) * (mine.size() - k - 1));
    results.push_back(result);
  }

  SweepOutcome outcome;
  int ran = 0;
  for (const nlohmann::ordered_json& r : results) ran += r["status"] == "ok" ? 1 : 0;
  if (request.shard) {
    outcome.variants = static_cast<int>(mine.size());
    outcome.ran = ran;
    outcome.skipped = outcome.variants - ran;
    std::fprintf(stderr, "sweep: shard %s done; apq sweep --resume writes the summary once every shard is\n",
                 shard_text(*request.shard).c_str());
    return outcome;
  }
  const std::vector<std::string> gathered = group.gather(results.dump());
  outcome.variants = static_cast<int>(c.variants.size());
  outcome.ran = static_cast<int>(group.sum(ran));
  outcome.skipped = outcome.variants - outcome.ran;
  if (group.rank() != 0) return outcome;

  std::vector<nlohmann::ordered_json> all(c.variants.size());
  for (const std::string& text : gathered)
    for (const nlohmann::ordered_json& r : nlohmann::ordered_json::parse(text))
      all[r.at("index").get<std::size_t>()] = r;
  outcome.summary_csv = write_sweep_summary(request, base.at("name").get<std::string>(), all);
  if (outcome.ran == 0)
    throw InputError("none of the " + std::to_string(outcome.variants) +
                     " variants of the sweep could be run (each "
                     "is named above with its reason)");
  return outcome;
}

}  // namespace apq::sweep
