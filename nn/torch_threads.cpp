#include "nn/torch_threads.h"

#include <ATen/Parallel.h>

#include <thread>

namespace apq::nn {

void use_all_hardware_threads() {
  const unsigned threads = std::thread::hardware_concurrency();
  if (threads > 0 && at::get_num_threads() != static_cast<int>(threads)) {
    at::set_num_threads(static_cast<int>(threads));
  }
}

}  // namespace apq::nn
