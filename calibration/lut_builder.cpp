#include "calibration/lut_builder.h"

#include <chrono>
#include <cstdio>
#include <exception>
#include <set>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "calibration/digest.h"
#include "calibration/entry_simulation.h"
#include "calibration/journal.h"
#include "calibration/lut_file.h"
#include "calibration/merge.h"
#include "calibration/workers.h"
#include "common/errors.h"
#include "common/progress.h"
#include "search/space/space_file.h"
#include "sim/accel_config.h"

namespace apq::calibration {

namespace {

std::string plan_digest(const std::vector<PlanEntry>& plan) {
  std::string keys;
  for (const PlanEntry& entry : plan) keys += entry.key + "\n";
  return text_digest(keys);
}

}  // namespace

LutBuildReport build_lut(const LutBuildRequest& request) {
  const std::string journal_path = request.out_path + ".journal";
  const search::Space space = search::load_space(request.space_path);
  const sim::AccelConfig accel = sim::load_accel_config(request.accel_path);
  const std::vector<PlanEntry> plan = shard_entries(plan_entries(space, request.format), request.shard);

  JournalHeader header;
  header.space_digest = json_file_digest(request.space_path);
  header.accel_digest = json_file_digest(request.accel_path);
  header.shard = shard_text(request.shard);
  header.entries = plan.size();
  header.plan_digest = plan_digest(plan);

  Lut done;
  if (request.resume) done = read_journal(journal_path, header);
  std::set<std::string> planned;
  for (const PlanEntry& entry : plan) planned.insert(entry.key);
  for (const auto& [key, value] : done)
    if (!planned.count(key)) throw InputError(journal_path + ": key '" + key + "' is not an entry of this build");
  LutBuildReport report{lut_format_name(request.format), space.name, accel.name, header.shard, plan.size(), done.size(), 0, 0.0};
  std::vector<const PlanEntry*> todo;
  for (const PlanEntry& entry : plan)
    if (!done.count(entry.key)) todo.push_back(&entry);
  report.simulated = todo.size();

  JournalWriter journal(journal_path, header, /*fresh=*/done.empty());
  std::fprintf(stderr, "lut build: %s table of %s on %s, shard %s: %zu entries, %zu from the journal, %zu to simulate with %d worker%s\n",
               lut_format_name(request.format), space.name.c_str(), accel.name.c_str(), header.shard.c_str(), plan.size(), report.resumed,
               todo.size(), request.jobs, request.jobs == 1 ? "" : "s");

  const auto start = std::chrono::steady_clock::now();
  Progress progress(request.shard.count == 1 ? "lut build" : "lut build " + header.shard,
                    static_cast<std::int64_t>(plan.size()), "entries");
  progress.advance(static_cast<std::int64_t>(report.resumed));
  std::int64_t journaled = 0;
  run_workers(
      todo.size(), request.jobs,
      [&](std::size_t i) { return value_to_json(simulate_entry(accel, *todo[i])).dump(); },
      [&](std::size_t i, const std::string& text) {
        const std::string& key = todo[i]->key;
        nlohmann::json parsed;
        try {
          parsed = nlohmann::json::parse(text);
        } catch (const nlohmann::json::parse_error& e) {
          throw std::runtime_error("a LUT worker sent malformed JSON for '" + key + "': " + e.what());
        }
        const LutValue value = value_from_json(parsed, "simulated value of '" + key + "'");
        journal.append(key, value);
        done[key] = value;
        progress.advance();
        if (request.after_entry) request.after_entry(++journaled);
      });
  progress.finish();
  report.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  for (const PlanEntry& entry : plan)
    if (!done.count(entry.key)) throw std::runtime_error("entry '" + entry.key + "' was not built");
  save_lut(request.out_path, done);
  std::remove(journal_path.c_str());
  return report;
}

LutBuildReport build_lut_on(ProcessGroup& group, const LutBuildRequest& request) {
  if (group.size() == 1) return build_lut(request);
  if (request.shard.count != 1)
    throw UsageError("--shard " + shard_text(request.shard) + " under mpirun with " + std::to_string(group.size()) +
                     " ranks: mpirun already splits the build; give one or the other");
  LutBuildRequest part = request;
  part.shard = Shard{group.rank() + 1, group.size()};
  const auto part_path = [&request, &group](int rank) {
    return request.out_path + ".rank-" + std::to_string(rank + 1) + "-of-" + std::to_string(group.size());
  };
  part.out_path = part_path(group.rank());
  LutBuildReport report;
  std::exception_ptr failure;
  try {
    report = build_lut(part);
  } catch (...) {
    failure = std::current_exception();
  }
  if (!group.all(failure == nullptr)) {
    if (failure) std::rethrow_exception(failure);
    throw std::runtime_error("lut build: another rank failed (its error is above); " + request.out_path + " not written");
  }
  // Rank 0 joins the parts; the others wait for its verdict.
  if (group.rank() == 0) {
    try {
      std::vector<std::pair<std::string, Lut>> parts;
      for (int rank = 0; rank < group.size(); ++rank) parts.emplace_back(part_path(rank), load_lut(part_path(rank)));
      const Lut merged = merge_luts(parts);
      std::vector<std::string> required;
      for (const PlanEntry& entry : plan_entries(search::load_space(request.space_path), request.format))
        required.push_back(entry.key);
      const std::vector<std::string> missing = missing_keys(merged, required);
      if (!missing.empty()) throw std::runtime_error("the ranks' parts lack '" + missing.front() + "'");
      save_lut(request.out_path, merged);
      for (int rank = 0; rank < group.size(); ++rank) std::remove(part_path(rank).c_str());
    } catch (...) {
      failure = std::current_exception();
    }
  }
  if (!group.all(failure == nullptr)) {
    if (failure) std::rethrow_exception(failure);
    throw std::runtime_error("lut build: rank 0 could not join the parts (its error is above)");
  }
  report.shard = "1/1";
  report.entries = static_cast<std::size_t>(group.sum(static_cast<long long>(report.entries)));
  report.resumed = static_cast<std::size_t>(group.sum(static_cast<long long>(report.resumed)));
  report.simulated = static_cast<std::size_t>(group.sum(static_cast<long long>(report.simulated)));
  return report;
}

}  // namespace apq::calibration
