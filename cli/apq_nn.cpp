#include "cli/apq_nn.h"

#include <filesystem>
#include <stdexcept>

#include "common/child_process.h"

namespace apq::cli {

std::string this_executable() {
  std::error_code error;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
  if (error) throw std::runtime_error("cannot find this executable (/proc/self/exe: " + error.message() + ")");
  return self.string();
}

std::string apq_nn_path() { return (std::filesystem::path(this_executable()).parent_path() / "apq-nn").string(); }

nlohmann::json run_apq_nn_json(const std::vector<std::string>& args) {
  std::string command = "apq";
  for (std::size_t i = 0; i < args.size() && i < 2; ++i) command += " " + args[i];
  const ChildResult result = run_child(apq_nn_path(), args);
  require_success(result, command);
  try {
    return nlohmann::json::parse(result.output);
  } catch (const nlohmann::json::parse_error&) {
    throw std::runtime_error(command + " printed no JSON result");
  }
}

}  // namespace apq::cli
