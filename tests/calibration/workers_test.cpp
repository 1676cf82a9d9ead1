#include <signal.h>
#include <unistd.h>

#include <map>
#include <set>
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>

#include "common/errors.h"
#include "calibration/workers.h"

namespace apq::calibration {
namespace {

TEST(Workers, EveryIndexOnceFromSeparateProcesses) {
  std::map<std::size_t, std::string> got;
  run_workers(
      101, 3, [](std::size_t i) { return std::to_string(i * i) + " pid " + std::to_string(::getpid()); },
      [&](std::size_t i, const std::string& text) {
        EXPECT_TRUE(got.emplace(i, text).second) << "index " << i << " twice";
      });
  ASSERT_EQ(got.size(), 101u);
  std::set<std::string> pids;
  for (const auto& [i, text] : got) {
    EXPECT_EQ(text.substr(0, text.find(' ')), std::to_string(i * i));
    pids.insert(text.substr(text.find("pid ")));
  }
  EXPECT_EQ(pids.size(), 3u);
  EXPECT_EQ(pids.count("pid " + std::to_string(::getpid())), 0u);  // the parent simulates nothing
}

TEST(Workers, MoreJobsThanWork) {
  int calls = 0;
  run_workers(2, 8, [](std::size_t i) { return std::to_string(i); }, [&](std::size_t, const std::string&) { ++calls; });
  EXPECT_EQ(calls, 2);
}

TEST(Workers, ADyingWorkerFailsTheRunWithAClearMessage) {
  try {
    run_workers(
        40, 2,
        [](std::size_t i) {
          if (i == 13) ::raise(SIGKILL);
          return std::string("ok");
        },
        [](std::size_t, const std::string&) {});
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("LUT worker 2 of 2 died: killed by signal 9"), std::string::npos) << m;
    EXPECT_NE(m.find("after 6 of 20 entries"), std::string::npos) << m;
  }
}

TEST(Workers, AnInputErrorInAWorkerStaysAnInputError) {
  try {
    run_workers(
        10, 2,
        [](std::size_t i) -> std::string {
          if (i == 4) throw InputError("layer (1, 2, 3) does not fit");
          return "ok";
        },
        [](std::size_t, const std::string&) {});
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("layer (1, 2, 3) does not fit"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace apq::calibration
