#pragma once
#include <string>

namespace apq::testing {

// What one `apq ARGUMENTS` run left: its exit code (-1 when a signal ended it) and its stdout
// and stderr together, as a user sees them.
struct CommandRun {
  int exit_code = -1;
  std::string output;
};

// Runs the apq binary under test (APQ_BINARY) with `arguments`, split by the shell.
CommandRun run_apq(const std::string& arguments);

std::string read_text(const std::string& path);

}  // namespace apq::testing
