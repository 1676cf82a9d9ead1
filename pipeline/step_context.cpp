#include "pipeline/step_context.h"

#include <fstream>
#include <sstream>

#include "common/atomic_file.h"
#include "common/child_process.h"
#include "common/errors.h"
#include "common/json_fields.h"

namespace apq::pipeline {
namespace {

// A command as a user would type it: arguments with spaces or quotes single-quoted.
std::string shell_text(const std::vector<std::string>& words) {
  std::string text;
  for (const std::string& word : words) {
    if (!text.empty()) text += ' ';
    if (!word.empty() && word.find_first_of(" \t\n'\"\\$`*?;&|<>()") == std::string::npos) {
      text += word;
      continue;
    }
    text += '\'';
    for (const char c : word) text += c == '\'' ? std::string("'\\''") : std::string(1, c);
    text += '\'';
  }
  return text;
}

std::string strategy_slug(const std::string& strategy) {
  std::string slug;
  for (const char c : strategy) slug += c == ':' ? '-' : c;
  return slug;
}

}  // namespace

std::size_t bound_count(const PipelineConfig& config) {
  return config.latency_ms.empty() ? config.latency_quantiles.size() : config.latency_ms.size();
}

std::vector<SearchTask> search_tasks(const PipelineConfig& config) {
  std::vector<SearchTask> tasks;
  for (const std::string& strategy : config.strategies)
    for (std::size_t b = 0; b < bound_count(config); ++b)
      tasks.push_back({strategy_slug(strategy) + "-" + std::to_string(b + 1), strategy, static_cast<int>(b)});
  return tasks;
}

void StepContext::run_apq(const std::vector<std::string>& args, const std::string& stdout_file) {
  std::vector<std::string> words{"apq"};
  words.insert(words.end(), args.begin(), args.end());
  std::string line = shell_text(words);
  if (!stdout_file.empty()) line += " > " + shell_text({path(stdout_file)});
  commands.push_back(line);
  const std::string name = "apq " + args.at(0) + (args.size() > 1 && args[1].rfind("--", 0) != 0 ? " " + args[1] : "");
  const ChildResult result = run_child(apq, args);
  require_success(result, name, "; command: " + line);
  if (!stdout_file.empty()) write_file_atomically(path(stdout_file), result.output);
}

nlohmann::json read_run_json(const StepContext& ctx, const std::string& relative) {
  return json_fields::read_json_file(ctx.path(relative));
}

std::vector<double> read_second_csv_column(const std::string& path, const std::string& what) {
  std::ifstream in(path);
  if (!in) throw InputError(path + ": cannot read " + what);
  std::string line;
  std::getline(in, line);
  std::vector<double> values;
  while (std::getline(in, line)) {
    std::istringstream cells(line);
    std::string first, second;
    std::getline(cells, first, ',');
    std::getline(cells, second, ',');
    values.push_back(std::stod(second));
  }
  return values;
}

}  // namespace apq::pipeline
