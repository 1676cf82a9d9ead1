#pragma once

namespace apq::nn {

// Lets torch use every hardware thread (its default may be lower in containers) unless
// OMP_NUM_THREADS is set. Commands that
// train or evaluate call it once at start; library functions leave the thread count alone.
void use_all_hardware_threads();

}  // namespace apq::nn
