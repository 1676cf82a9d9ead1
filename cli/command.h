#pragma once
#include <string>
#include <vector>

namespace apq::cli {

// One `apq` subcommand. `name` may have two words ("sim layer"); `run` gets the arguments after
// the name and returns the exit code (0 success, 1 a failed check, 2 usage or input error).
struct Command {
  std::string name;
  std::string summary;
  int (*run)(const std::vector<std::string>& args);
};

// Every subcommand, in the order `apq --help` lists them.
const std::vector<Command>& commands();

}  // namespace apq::cli
