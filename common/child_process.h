#pragma once
#include <string>
#include <vector>

namespace apq {

// What a finished child process left: its exit code (-1 when a signal ended it) and everything
// it wrote to stdout.
struct ChildResult {
  int exit_code = -1;
  std::string output;
};

// Runs `program` (a path, or a bare name looked up on PATH) with `args` (argv[1..]) and waits
// for it: stdout is captured, stderr is passed through (so the child's progress and messages
// reach the user), stdin is inherited. Throws std::runtime_error when the program cannot be
// started.
struct ChildOptions {
  std::string stderr_path;  // non-empty: the child's stderr goes to this file instead (a log to read back)
  // The child does not see the MPI launcher's environment (OMPI_*, PMI_*, PMIX_*), so that an
  // apq started by a rank of mpirun runs as a single process instead of joining the job.
  bool outside_mpi_job = false;
};
ChildResult run_child(const std::string& program, const std::vector<std::string>& args,
                      const ChildOptions& options = {});

// A child's exit as an exception: apq::InputError for exit code 2 (the child refused its input
// and has named the file, field and value already), std::runtime_error for any other failure.
// `command` names the child in the message ("apq quant eval"), `detail` is appended to it.
void require_success(const ChildResult& result, const std::string& command, const std::string& detail = "");

}  // namespace apq
