#include "cli/apq_nn.h"

#include <filesystem>
#include <stdexcept>

#include "common/child_process.h"
#include "common/errors.h"

namespace apq::cli {

std::string apq_nn_path() {
  std::error_code error;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
  if (error) {
    throw std::runtime_error("cannot find this executable's folder (/proc/self/exe: " + error.message() +
                             "), where apq-nn lives");
  }
  return (self.parent_path() / "apq-nn").string();
}

nlohmann::json run_apq_nn_json(const std::vector<std::string>& args) {
  std::string command = "apq";
  for (std::size_t i = 0; i < args.size() && i < 2; ++i) command += " " + args[i];
  const ChildResult result = run_child(apq_nn_path(), args);
  if (result.exit_code == 2) throw InputError(command + " refused its input (its message is above)");
  if (result.exit_code != 0) {
    throw std::runtime_error(command + " failed (" +
                             (result.exit_code < 0 ? std::string("killed by a signal")
                                                   : "exit code " + std::to_string(result.exit_code)) +
                             ")");
  }
  try {
    return nlohmann::json::parse(result.output);
  } catch (const nlohmann::json::parse_error&) {
    throw std::runtime_error(command + " printed no JSON result");
  }
}

}  // namespace apq::cli
