#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/atomic_file.h"

namespace {

namespace fs = std::filesystem;

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

class AtomicFile : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("apq_atomic_" + std::string(testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(AtomicFile, ReplacesTheFileAndLeavesNoTemporary) {
  const auto path = dir_ / "out.json";
  apq::write_file_atomically(path.string(), "first");
  apq::write_file_atomically(path.string(), "second, longer");
  EXPECT_EQ(read(path), "second, longer");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 1);
}

TEST_F(AtomicFile, FailureLeavesTheOldFileUntouched) {
  const auto path = dir_ / "out.json";
  apq::write_file_atomically(path.string(), "old");
  // A folder where the file should go cannot be replaced by a rename of a regular file.
  const auto blocked = dir_ / "blocked";
  fs::create_directories(blocked / "inside");
  EXPECT_THROW(apq::write_file_atomically(blocked.string(), "new"), std::runtime_error);
  EXPECT_THROW(apq::write_file_atomically((dir_ / "missing" / "x").string(), "new"), std::runtime_error);
  EXPECT_EQ(read(path), "old");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 2);
}

}  // namespace
