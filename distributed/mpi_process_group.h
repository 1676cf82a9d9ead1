#pragma once
#include <memory>

#include "common/process_group.h"

namespace apq {

// The ranks of an mpirun launch (Open MPI's C API): MPI is initialised when the process was
// started by mpirun (its environment names a world size) and finalised with the group; a process
// started otherwise is a SingleProcess and never touches MPI. One group per process.
std::unique_ptr<ProcessGroup> launch_process_group();

}  // namespace apq
