#include "nn/process_memory.h"

#include <malloc.h>

namespace apq::nn {

void keep_freed_memory() {
  // 32 MiB is glibc's largest mmap threshold: every activation tensor of a Fashion-MNIST batch
  // is smaller, so all of them come from the heap, and nothing is trimmed below 1 GiB.
  mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
  mallopt(M_TRIM_THRESHOLD, 1024 * 1024 * 1024);
}

}  // namespace apq::nn
