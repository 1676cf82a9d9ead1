#include <ATen/Parallel.h>
#include <gtest/gtest.h>

namespace {

// ctest runs test processes side by side on a 2-core machine shared with other work; OpenMP
// threads that have to share a core wait on each other at every parallel region and make the
// suite many times slower. One torch thread per test process avoids that.
class SingleThreadEnvironment : public ::testing::Environment {
 public:
  void SetUp() override { at::set_num_threads(1); }
};

const auto* const kEnvironment = ::testing::AddGlobalTestEnvironment(new SingleThreadEnvironment);

}  // namespace
