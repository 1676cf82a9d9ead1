#pragma once
#include <string>
#include <vector>

namespace apq::cli {

// One `apq` subcommand. `name` may have two words ("sim layer"); `run` gets the arguments after
// the name and returns the exit code (0 success, 1 a failed check, 2 usage or input error).
// `run` is null in apq for the commands that live in apq-nn: loading LibTorch costs every
// process about 0.4 s, which the hardware commands should not pay.
struct Command {
  std::string name;
  std::string summary;
  int (*run)(const std::vector<std::string>& args);
};

// Every subcommand, in the order `apq --help` lists them (apq's table).
const std::vector<Command>& commands();

// The LibTorch commands, names and summaries only (run is null): apq lists them, apq-nn runs them.
std::vector<Command> torch_command_list();

// The whole of main: finds the command named by argv, runs it (or hands the process over to
// apq-nn next to this executable when its `run` is null) and turns errors into exit codes.
int run_command_line(const std::vector<Command>& commands, int argc, char** argv);

}  // namespace apq::cli
