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

}  // namespace apq
