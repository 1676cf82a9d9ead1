#include "common/child_process.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace apq {
namespace {

TEST(ChildProcess, CapturesStdoutAndTheExitCode) {
  const ChildResult result = run_child("/bin/sh", {"-c", "echo out; echo err >&2; printf 'x%.0s' $(seq 1 20000); exit 3"});
  EXPECT_EQ(result.exit_code, 3);
  // More than a pipe buffer: the parent reads while the child writes.
  ASSERT_EQ(result.output.size(), 4u + 20000u);
  EXPECT_EQ(result.output.substr(0, 4), "out\n");
}

TEST(ChildProcess, ArgumentsArriveUnsplit) {
  const ChildResult result = run_child("/bin/sh", {"-c", "printf '%s|' \"$@\"", "sh", "a b", "", "c"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(result.output, "a b||c|");
}

TEST(ChildProcess, ASignalIsNotAnExitCode) {
  EXPECT_EQ(run_child("/bin/sh", {"-c", "kill -9 $$"}).exit_code, -1);
}

TEST(ChildProcess, AMissingProgramThrowsNamingIt) {
  try {
    run_child("/nonexistent/apq-nn", {});
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/apq-nn"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace apq
