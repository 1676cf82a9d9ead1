#include "common/child_process.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string_view>

#include "common/errors.h"

extern char** environ;

namespace apq {
namespace {

// Closes what it holds, on every path out of run_child.
struct Descriptor {
  int fd = -1;
  ~Descriptor() {
    if (fd >= 0) ::close(fd);
  }
  void close() {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
};

[[noreturn]] void fail(const std::string& program, const std::string& what, int error) {
  throw std::runtime_error("cannot run " + program + ": " + what + ": " + std::strerror(error));
}

}  // namespace

ChildResult run_child(const std::string& program, const std::vector<std::string>& args, const ChildOptions& options) {
  int ends[2];
  if (::pipe(ends) != 0) fail(program, "pipe", errno);
  Descriptor read_end{ends[0]};
  Descriptor write_end{ends[1]};

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, write_end.fd, STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, read_end.fd);
  if (!options.stderr_path.empty())
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, options.stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
  std::vector<std::string> words{program};
  words.insert(words.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& word : words) argv.push_back(word.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  // A bare name is looked up on PATH, as a shell would.
  const bool bare_name = program.find('/') == std::string::npos;
  std::vector<char*> environment;
  for (char** variable = environ; *variable; ++variable) {
    const std::string_view text(*variable);
    const bool launcher = text.rfind("OMPI_", 0) == 0 || text.rfind("PMI_", 0) == 0 || text.rfind("PMIX_", 0) == 0;
    if (!(options.outside_mpi_job && launcher)) environment.push_back(*variable);
  }
  environment.push_back(nullptr);
  const int spawned = bare_name ? ::posix_spawnp(&pid, program.c_str(), &actions, nullptr, argv.data(), environment.data())
                                : ::posix_spawn(&pid, program.c_str(), &actions, nullptr, argv.data(), environment.data());
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) fail(program, "posix_spawn", spawned);
  write_end.close();  // the child holds its copy; EOF comes when it exits

  ChildResult result;
  char buffer[8192];
  for (;;) {
    const ssize_t n = ::read(read_end.fd, buffer, sizeof buffer);
    if (n > 0) {
      result.output.append(buffer, static_cast<std::size_t>(n));
    } else if (n == 0 || errno != EINTR) {
      break;
    }
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) fail(program, "waitpid", errno);
  }
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

void require_success(const ChildResult& result, const std::string& command, const std::string& detail) {
  if (result.exit_code == 2) throw InputError(command + " refused its input (its message is above)" + detail);
  if (result.exit_code != 0)
    throw std::runtime_error(command + " failed (" +
                             (result.exit_code < 0 ? std::string("killed by a signal")
                                                   : "exit code " + std::to_string(result.exit_code)) +
                             ")" + detail);
}

}  // namespace apq
