#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "cli/apq_nn.h"
#include "cli/command.h"
#include "common/errors.h"

namespace apq::cli {
namespace {

void print_help(const std::vector<Command>& commands, std::ostream& out) {
  out << "usage: apq <command> [options]\n"
         "       apq <command> --help\n\n"
         "commands:\n";
  for (const auto& c : commands) {
    out << "  " << c.name << std::string(c.name.size() < 16 ? 16 - c.name.size() : 1, ' ')
        << c.summary << "\n";
  }
}

// The command whose (one- or two-word) name is the longest prefix of args.
const Command* find_command(const std::vector<Command>& commands, const std::vector<std::string>& args,
                            std::size_t& words) {
  const Command* best = nullptr;
  for (const auto& c : commands) {
    const auto space = c.name.find(' ');
    const bool two = space != std::string::npos;
    if (!two && args[0] == c.name && !best) {
      best = &c;
      words = 1;
    } else if (two && args.size() >= 2 && args[0] == c.name.substr(0, space) &&
               args[1] == c.name.substr(space + 1)) {
      words = 2;
      return &c;
    }
  }
  return best;
}

// Names of the commands that start with `group` ("sim" -> "sim layer", "sim net").
std::vector<std::string> group_members(const std::vector<Command>& commands, const std::string& group) {
  std::vector<std::string> names;
  for (const auto& c : commands) {
    if (c.name.rfind(group + " ", 0) == 0) names.push_back(c.name);
  }
  return names;
}

// Replaces this process by apq-nn, the executable next to this one, with the same arguments.
// Returns only when that fails.
int run_in_apq_nn(const Command& command, char** argv) {
  std::string nn;
  try {
    nn = apq_nn_path();
  } catch (const std::runtime_error& e) {
    std::cerr << "apq " << command.name << ": error: " << e.what() << "\n";
    return 1;
  }
  ::execv(nn.c_str(), argv);
  const int exec_error = errno;
  std::cerr << "apq " << command.name << ": error: cannot run " << nn << ": " << std::strerror(exec_error)
            << " (the LibTorch commands live in apq-nn, built next to apq)\n";
  return 1;
}

}  // namespace

int run_command_line(const std::vector<Command>& commands, int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    print_help(commands, std::cerr);
    return 2;
  }
  if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    print_help(commands, std::cout);
    return 0;
  }
  std::size_t words = 0;
  const auto* command = find_command(commands, args, words);
  if (!command) {
    const auto members = group_members(commands, args[0]);
    if (members.empty()) {
      std::cerr << "apq: unknown command '" << args[0] << "' (see apq --help)\n";
    } else {
      std::cerr << "apq " << args[0] << ": expected one of:";
      for (const auto& m : members) std::cerr << " '" << m << "'";
      std::cerr << (args.size() > 1 ? ", got '" + args[1] + "'" : std::string()) << "\n";
    }
    return 2;
  }
  if (!command->run) return run_in_apq_nn(*command, argv);
  const std::vector<std::string> rest(args.begin() + static_cast<std::ptrdiff_t>(words), args.end());
  try {
    return command->run(rest);
  } catch (const UsageError& e) {
    std::cerr << "apq " << command->name << ": " << e.what() << " (see apq " << command->name
              << " --help)\n";
    return 2;
  } catch (const InputError& e) {
    std::cerr << "apq " << command->name << ": " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "apq " << command->name << ": error: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace apq::cli
