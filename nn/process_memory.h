#pragma once

namespace apq::nn {

// Makes glibc keep freed heap memory in the process instead of returning it to the kernel.
// Training frees and re-allocates a few hundred MB of activations every step; by default glibc
// hands large blocks back (munmap / heap trimming) and every step page-faults them in again,
// which costs 20-30 % of the step (docs/benchmarks.md, "Supernet training throughput").
// Numerics are unaffected. Commands that train or evaluate call it once at start.
void keep_freed_memory();

}  // namespace apq::nn
