#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "common/errors.h"
#include "calibration/journal.h"

namespace apq::calibration {
namespace {

std::string temp_path(const std::string& name) {
  return ::testing::TempDir() + "/lut_journal_" + std::to_string(::getpid()) + "_" + name;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

JournalHeader header() {
  JournalHeader h;
  h.space_digest = "aaaa";
  h.accel_digest = "bbbb";
  h.shard = "1/1";
  h.entries = 3;
  h.plan_digest = "cccc";
  return h;
}

TEST(Journal, ReadsBackWhatWasAppended) {
  const std::string path = temp_path("roundtrip");
  {
    JournalWriter w(path, header(), true);
    w.append("head", {1.5, 2.5, 7, {{"dram", 0.5}}});
    w.append("(8, 32, 14, 1, 1, 0, 1)-W4A4", {0.1 + 0.2, 3e-7, std::nullopt, {}});
  }
  const Lut lut = read_journal(path, header());
  ASSERT_EQ(lut.size(), 2u);
  EXPECT_EQ(lut.at("head"), (LutValue{1.5, 2.5, 7, {{"dram", 0.5}}}));
  EXPECT_EQ(lut.at("(8, 32, 14, 1, 1, 0, 1)-W4A4").latency_ms, 0.1 + 0.2);
  std::remove(path.c_str());
}

TEST(Journal, DropsAndCutsATornLastLine) {
  const std::string path = temp_path("torn");
  {
    JournalWriter w(path, header(), true);
    w.append("head", {1.0, 2.0, std::nullopt, {}});
  }
  const std::string whole = read_text(path);
  {
    std::ofstream out(path, std::ios::app | std::ios::binary);
    out << "{\"key\": \"tail\", \"value\": {\"lat";
  }
  const Lut lut = read_journal(path, header());
  EXPECT_EQ(lut.size(), 1u);
  EXPECT_EQ(read_text(path), whole);  // appending continues on a clean line
  {
    JournalWriter w(path, header(), false);
    w.append("tail", {3.0, 4.0, std::nullopt, {}});
  }
  EXPECT_EQ(read_journal(path, header()).size(), 2u);
  std::remove(path.c_str());
}

TEST(Journal, RefusesAJournalOfAnotherBuild) {
  const std::string path = temp_path("other");
  { JournalWriter w(path, header(), true); }
  JournalHeader other = header();
  other.accel_digest = "dddd";
  other.shard = "2/3";
  try {
    read_journal(path, other);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("accelerator"), std::string::npos) << m;
    EXPECT_NE(m.find("shard"), std::string::npos) << m;
    EXPECT_EQ(m.find("search space"), std::string::npos) << m;
  }
  std::remove(path.c_str());
}

TEST(Journal, RejectsACorruptLineBeforeTheLast) {
  const std::string path = temp_path("corrupt");
  { JournalWriter w(path, header(), true); }
  {
    std::ofstream out(path, std::ios::app | std::ios::binary);
    out << "garbage\n{\"key\": \"head\", \"value\": {\"latency\": 1, \"energy\": 2}}\n";
  }
  EXPECT_THROW(read_journal(path, header()), InputError);
  std::remove(path.c_str());
}

TEST(Journal, MissingOrHeaderlessJournalMeansNoEntries) {
  EXPECT_TRUE(read_journal(temp_path("absent"), header()).empty());
  const std::string path = temp_path("headerless");
  { std::ofstream(path) << "{\"apq_lut_jour"; }
  EXPECT_TRUE(read_journal(path, header()).empty());
  std::remove(path.c_str());
}

}  // namespace
}  // namespace apq::calibration
