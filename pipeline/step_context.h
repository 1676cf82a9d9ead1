#pragma once
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "pipeline/pipeline_config.h"

namespace apq::pipeline {

// One search of the pipeline: a strategy at one latency bound. Its id names its files.
struct SearchTask {
  std::string id;        // e.g. joint-1, fixed-bits-8-2, sequential-1
  std::string strategy;  // as apq search --strategy takes it
  int bound_index = 0;   // into bounds.json's latency_ms
};

std::vector<SearchTask> search_tasks(const PipelineConfig& config);
std::size_t bound_count(const PipelineConfig& config);

// What a step sees: the configuration, the run's folder and the apq executable; the commands a
// step runs are recorded for the report.
struct StepContext {
  const PipelineConfig& config;
  std::filesystem::path dir;
  std::string apq;
  std::vector<std::string> commands;

  std::string path(const std::string& relative) const { return (dir / relative).string(); }
  // Runs `apq args...`; what it prints on stdout goes to `stdout_file` (relative to the folder,
  // written atomically, only on success) unless that is empty. Its stderr reaches the user.
  void run_apq(const std::vector<std::string>& args, const std::string& stdout_file = "");
};

nlohmann::json read_run_json(const StepContext& ctx, const std::string& relative);

// The second column of a CSV file the run wrote (a header line, then numbers): the LUT
// validation's LUT latencies, a search history's accuracies. `what` names the file in errors.
std::vector<double> read_second_csv_column(const std::string& path, const std::string& what);

}  // namespace apq::pipeline
