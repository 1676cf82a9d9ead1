// lut build end to end through the apq binary: an interrupted build resumed equals an
// uninterrupted one byte for byte, a sharded build merged equals the whole.
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "calibration/build_plan.h"
#include "calibration/lut_file.h"
#include "search/space/space_file.h"

namespace apq::calibration {
namespace {

const std::string kSource = APQ_SOURCE_DIR;
const std::string kSpace = kSource + "/configs/spaces/fmnist.json";
const std::string kAccel = kSource + "/configs/accel/bitfusion-eyeriss.json";

std::string temp_dir() {
  static const std::string dir = [] {
    std::string d = ::testing::TempDir() + "/apq_lut_build_" + std::to_string(::getpid());
    std::system(("mkdir -p " + d).c_str());
    return d;
  }();
  return dir;
}

// Runs apq with `args`; returns the wait status.
int apq(const std::string& args) {
  return std::system((std::string(APQ_BINARY) + " " + args + " >/dev/null 2>&1").c_str());
}

bool ok(int status) { return WIFEXITED(status) && WEXITSTATUS(status) == 0; }

// The shell std::system runs reports a child killed by signal 9 as 128 + 9, unless it exec'd it.
bool killed_by_sigkill(int status) {
  return (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) || (WIFEXITED(status) && WEXITSTATUS(status) == 137);
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::size_t line_count(const std::string& text) {
  std::size_t n = 0;
  for (char c : text) n += c == '\n';
  return n;
}

const std::string& uninterrupted() {
  static const std::string text = [] {
    const std::string out = temp_dir() + "/whole.json";
    const int status = apq("lut build --space " + kSpace + " --accel " + kAccel + " --out " + out + " --jobs 2");
    EXPECT_TRUE(ok(status)) << status;
    return read_text(out);
  }();
  return text;
}

TEST(LutBuild, CoversThePlanAndLeavesNoJournal) {
  const Lut lut = parse_lut(uninterrupted(), "whole.json");
  const std::vector<PlanEntry> plan = plan_entries(search::load_space(kSpace), LutFormat::Context);
  ASSERT_EQ(lut.size(), plan.size());
  for (const PlanEntry& e : plan) {
    ASSERT_TRUE(lut.count(e.key)) << e.key;
    EXPECT_GT(lut.at(e.key).latency_ms, 0.0) << e.key;
    EXPECT_GT(lut.at(e.key).energy_mj, 0.0) << e.key;
    EXPECT_TRUE(lut.at(e.key).cycles.has_value());
  }
  EXPECT_NE(::access((temp_dir() + "/whole.json.journal").c_str(), F_OK), 0);
}

TEST(LutBuild, KilledPartWayThenResumedEqualsUninterruptedByteForByte) {
  const std::string out = temp_dir() + "/resumed.json";
  const std::string journal = out + ".journal";
  const std::string build = "lut build --space " + kSpace + " --accel " + kAccel + " --out " + out + " --jobs 2";
  const int killed = apq(build + " --stop-after 300");
  ASSERT_TRUE(killed_by_sigkill(killed)) << killed;
  EXPECT_NE(::access(out.c_str(), F_OK), 0) << "no output file from a killed build";
  const std::string partial = read_text(journal);
  EXPECT_EQ(line_count(partial), 301u);  // header + 300 entries
  {
    // The build died while writing a line.
    std::ofstream torn(journal, std::ios::app | std::ios::binary);
    torn << "{\"key\": \"(8, 32, 14, 1, 1, 0, 1)-W4A4\", \"val";
  }
  const int second_kill = apq(build + " --resume --stop-after 200");
  ASSERT_TRUE(killed_by_sigkill(second_kill)) << second_kill;
  EXPECT_EQ(line_count(read_text(journal)), 501u);
  const int resumed = apq(build + " --resume");
  ASSERT_TRUE(ok(resumed)) << resumed;
  EXPECT_EQ(read_text(out), uninterrupted());
  EXPECT_NE(::access(journal.c_str(), F_OK), 0);
}

TEST(LutBuild, ResumeRefusesAJournalOfAnotherAccelerator) {
  const std::string out = temp_dir() + "/other.json";
  const std::string base = "lut build --space " + kSpace + " --out " + out + " --jobs 1";
  const int killed = apq(base + " --accel " + kAccel + " --stop-after 5");
  ASSERT_TRUE(killed_by_sigkill(killed)) << killed;
  const int refused = apq(base + " --accel " + kSource + "/configs/accel/bitfusion-8x8.json --resume");
  EXPECT_TRUE(WIFEXITED(refused) && WEXITSTATUS(refused) == 2) << refused;
  EXPECT_NE(::access(out.c_str(), F_OK), 0);
}

TEST(LutBuild, ShardsMergedEqualTheWholeBuild) {
  const std::string dir = temp_dir();
  std::string merge = "lut merge --space " + kSpace + " --out " + dir + "/merged.json";
  for (int k = 1; k <= 3; ++k) {
    const std::string shard = dir + "/shard" + std::to_string(k) + ".json";
    const int status = apq("lut build --space " + kSpace + " --accel " + kAccel + " --out " + shard +
                           " --shard " + std::to_string(k) + "/3");
    ASSERT_TRUE(ok(status)) << status;
    merge += " " + shard;
  }
  // Two of three shards do not cover the space.
  const int incomplete = apq("lut merge --space " + kSpace + " --out " + dir + "/incomplete.json " + dir +
                             "/shard1.json " + dir + "/shard2.json");
  EXPECT_TRUE(WIFEXITED(incomplete) && WEXITSTATUS(incomplete) == 2) << incomplete;
  EXPECT_NE(::access((dir + "/incomplete.json").c_str(), F_OK), 0);
  const int merged = apq(merge);
  ASSERT_TRUE(ok(merged)) << merged;
  EXPECT_EQ(read_text(dir + "/merged.json"), uninterrupted());
}

}  // namespace
}  // namespace apq::calibration
