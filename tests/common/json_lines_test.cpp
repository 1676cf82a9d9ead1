#include "common/json_lines.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "common/errors.h"

namespace apq {
namespace {

std::string temp_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("apq_json_lines_" + name + ".jsonl")).string();
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<std::string> rows_of(const std::string& path, LastLine last_line) {
  std::vector<std::string> rows;
  read_json_lines(path, last_line, [&](const nlohmann::json& row, const std::string&) { rows.push_back(row.dump()); });
  return rows;
}

TEST(JsonLines, WriterAppendsWholeLinesAndReaderSeesThem) {
  const std::string path = temp_path("write");
  {
    JsonLinesWriter w(path, true);
    w.append({{"a", 1}});
    w.append({{"b", 2}});
  }
  JsonLinesWriter(path, false).append({{"c", 3}});
  EXPECT_EQ(read_text(path), "{\"a\":1}\n{\"b\":2}\n{\"c\":3}\n");
  EXPECT_EQ(rows_of(path, LastLine::MayBeTorn), (std::vector<std::string>{"{\"a\":1}", "{\"b\":2}", "{\"c\":3}"}));
  { JsonLinesWriter w(path, true); }
  EXPECT_EQ(read_text(path), "");
  std::filesystem::remove(path);
}

TEST(JsonLines, TornLastLineIsSkippedOrReadAsTheCallerSays) {
  const std::string path = temp_path("torn");
  std::ofstream(path, std::ios::binary) << "{\"a\": 1}\n\n{\"b\": 2}";
  EXPECT_EQ(rows_of(path, LastLine::MayBeTorn).size(), 1u);
  EXPECT_EQ(read_json_lines(path, LastLine::MayBeTorn, [](const nlohmann::json&, const std::string&) {}), 10u);
  EXPECT_EQ(rows_of(path, LastLine::Complete).size(), 2u);  // the blank line is skipped
  std::filesystem::remove(path);
}

TEST(JsonLines, BadLineIsNamedByFileAndNumber) {
  const std::string path = temp_path("bad");
  std::ofstream(path, std::ios::binary) << "{\"a\": 1}\nnot json\n";
  try {
    rows_of(path, LastLine::MayBeTorn);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(path + ": line 2"), std::string::npos) << e.what();
  }
  // A number beyond double is an input error too, not another exception (found by fuzzing).
  std::ofstream(path, std::ios::binary) << "{\"accuracy\": 3.6e66665}\n";
  EXPECT_THROW(rows_of(path, LastLine::Complete), InputError);
  std::filesystem::remove(path);
}

TEST(JsonLines, ResumableCountCutsTheTornLineAndRefusesForeignFiles) {
  EXPECT_EQ(resumable_line_count(temp_path("absent"), {"config"}), 0);
  const std::string path = temp_path("resume");
  std::ofstream(path, std::ios::binary) << "{\"config\": 1, \"accuracy\": 0.5}\n{\"config\": {\"ks\"";
  EXPECT_EQ(resumable_line_count(path, {"config", "accuracy"}), 1);
  EXPECT_EQ(read_text(path), "{\"config\": 1, \"accuracy\": 0.5}\n");
  std::ofstream(path, std::ios::binary) << "{\"key\": \"head\"}\n";
  try {
    resumable_line_count(path, {"config", "accuracy"});
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("line 1"), std::string::npos) << e.what();
  }
  EXPECT_EQ(read_text(path), "{\"key\": \"head\"}\n");  // left as found
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace apq
