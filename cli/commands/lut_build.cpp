// apq lut build: every LUT row the search space can produce, measured with the SystemC model in
// worker processes, journaled so that a killed build resumes, written atomically with keys sorted.
#include <signal.h>

#include <chrono>
#include <cstdio>
#include <set>

#include <nlohmann/json.hpp>

#include "cli/options.h"
#include "common/errors.h"
#include "common/progress.h"
#include "calibration/build_plan.h"
#include "calibration/digest.h"
#include "calibration/entry_simulation.h"
#include "calibration/journal.h"
#include "calibration/lut_file.h"
#include "calibration/workers.h"
#include "search/space/space_file.h"
#include "sim/accel_config.h"

namespace apq::cli {

namespace {

std::string plan_digest(const std::vector<calibration::PlanEntry>& plan) {
  std::string keys;
  for (const calibration::PlanEntry& entry : plan) keys += entry.key + "\n";
  return calibration::text_digest(keys);
}

}  // namespace

int run_lut_build(const std::vector<std::string>& args) {
  po::options_description desc("options");
  desc.add_options()
      ("space", po::value<std::string>()->required(), "search space (configs/spaces/*.json)")
      ("accel", po::value<std::string>()->required(), "accelerator (configs/accel/*.json)")
      ("out", po::value<std::string>()->required(), "LUT file to write (atomically, keys sorted)")
      ("jobs", po::value<std::int64_t>()->default_value(1), "worker processes (one SystemC kernel each)")
      ("shard", po::value<std::string>()->default_value("1/1"),
       "build slice k/N only (entries i with i % N == k-1); join the slices with apq lut merge")
      ("resume", "continue from OUT.journal, the journal of an interrupted build of the same "
                 "space, accelerator and shard (without it, a build starts a new journal)");
  // The crash tests kill a build mid-journal; users have no use for it.
  po::options_description hidden;
  hidden.add_options()("stop-after", po::value<std::int64_t>(),
                       "die by SIGKILL after journaling this many new entries");
  po::variables_map vm;
  if (!parse_options("lut build",
                     "--space FILE --accel FILE --out FILE [--jobs N] [--shard k/N] [--resume]",
                     args, desc, vm, nullptr, &hidden)) {
    return 0;
  }
  const int jobs = static_cast<int>(int_option(vm, "jobs", 1, 256));
  const calibration::Shard shard = calibration::parse_shard(vm["shard"].as<std::string>());
  const std::int64_t stop_after = vm.count("stop-after") ? int_option(vm, "stop-after", 1, INT64_MAX) : -1;
  const std::string space_path = vm["space"].as<std::string>();
  const std::string accel_path = vm["accel"].as<std::string>();
  const std::string out = vm["out"].as<std::string>();
  const std::string journal_path = out + ".journal";

  const search::Space space = search::load_space(space_path);
  const sim::AccelConfig accel = sim::load_accel_config(accel_path);
  const calibration::FixedNetworks fixed = calibration::fixed_networks(space);
  const std::vector<calibration::PlanEntry> plan = calibration::shard_entries(calibration::plan_entries(space), shard);

  calibration::JournalHeader header;
  header.space_digest = calibration::json_file_digest(space_path);
  header.accel_digest = calibration::json_file_digest(accel_path);
  header.shard = calibration::shard_text(shard);
  header.entries = plan.size();
  header.plan_digest = plan_digest(plan);

  calibration::Lut done;
  if (vm.count("resume")) done = calibration::read_journal(journal_path, header);
  std::set<std::string> planned;
  for (const calibration::PlanEntry& entry : plan) planned.insert(entry.key);
  for (const auto& [key, value] : done)
    if (!planned.count(key))
      throw InputError(journal_path + ": key '" + key + "' is not an entry of this build");
  const std::size_t resumed = done.size();
  std::vector<const calibration::PlanEntry*> todo;
  for (const calibration::PlanEntry& entry : plan)
    if (!done.count(entry.key)) todo.push_back(&entry);

  calibration::JournalWriter journal(journal_path, header, /*fresh=*/done.empty());
  std::fprintf(stderr, "lut build: %s on %s, shard %s: %zu entries, %zu from the journal, %zu to simulate with %d worker%s\n",
               space.name.c_str(), accel.name.c_str(), header.shard.c_str(), plan.size(), resumed,
               todo.size(), jobs, jobs == 1 ? "" : "s");

  const auto start = std::chrono::steady_clock::now();
  Progress progress("lut build", static_cast<std::int64_t>(plan.size()), "entries");
  progress.advance(static_cast<std::int64_t>(resumed));
  std::int64_t journaled = 0;
  calibration::run_workers(
      todo.size(), jobs,
      [&](std::size_t i) {
        return calibration::value_to_json(calibration::simulate_entry(accel, *todo[i], fixed, space.batch)).dump();
      },
      [&](std::size_t i, const std::string& text) {
        const std::string& key = todo[i]->key;
        nlohmann::json parsed;
        try {
          parsed = nlohmann::json::parse(text);
        } catch (const nlohmann::json::parse_error& e) {
          throw std::runtime_error("a LUT worker sent malformed JSON for '" + key + "': " + e.what());
        }
        const calibration::LutValue value = calibration::value_from_json(parsed, "simulated value of '" + key + "'");
        journal.append(key, value);
        done[key] = value;
        progress.advance();
        if (stop_after > 0 && ++journaled >= stop_after) ::raise(SIGKILL);
      });
  progress.finish();
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  for (const calibration::PlanEntry& entry : plan)
    if (!done.count(entry.key)) throw std::runtime_error("entry '" + entry.key + "' was not built");
  calibration::save_lut(out, done);
  std::remove(journal_path.c_str());
  std::printf("wrote %s: %zu entries (%zu simulated in %.2f s, %.0f entries/s, %zu from the journal)\n",
              out.c_str(), done.size(), todo.size(), wall,
              wall > 0 ? static_cast<double>(todo.size()) / wall : 0.0, resumed);
  return 0;
}

}  // namespace apq::cli
