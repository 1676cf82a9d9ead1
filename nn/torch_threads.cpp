#include "nn/torch_threads.h"

#include <ATen/Parallel.h>

#include <cstdlib>
#include <thread>

namespace apq::nn {

void use_all_hardware_threads() {
  // OMP_NUM_THREADS is the user's explicit choice (torch has already applied it): keep it, so
  // that several one-thread collections can share a machine.
  if (std::getenv("OMP_NUM_THREADS") != nullptr) return;
  const unsigned threads = std::thread::hardware_concurrency();
  if (threads > 0 && at::get_num_threads() != static_cast<int>(threads)) {
    at::set_num_threads(static_cast<int>(threads));
  }
}

}  // namespace apq::nn
