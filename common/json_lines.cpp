#include "common/json_lines.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include "common/errors.h"

namespace apq {

std::size_t read_json_lines(const std::string& path, LastLine last_line,
                            const std::function<void(const nlohmann::json& row, const std::string& where)>& visit) {
  if (!std::filesystem::exists(path)) return 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot be read");
  const std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::size_t start = 0;
  for (int number = 1; start < content.size(); ++number) {
    std::size_t end = content.find('\n', start);
    if (end == std::string::npos) {
      if (last_line == LastLine::MayBeTorn) break;
      end = content.size();
    }
    const std::string line = content.substr(start, end - start);
    const std::size_t next = end == content.size() ? end : end + 1;
    if (line.find_first_not_of(" \t\r") != std::string::npos) {
      const std::string where = path + ": line " + std::to_string(number);
      nlohmann::json row;
      try {
        row = nlohmann::json::parse(line);
      } catch (const nlohmann::json::exception& e) {  // a syntax error, or a number beyond double (found by fuzzing)
        throw InputError(where + ": not valid JSON (" + e.what() + ")");
      }
      visit(row, where);
    }
    start = next;
  }
  return start;
}

void cut_torn_line(const std::string& path, std::size_t length) {
  if (!std::filesystem::exists(path) || std::filesystem::file_size(path) <= length) return;
  std::error_code error;
  std::filesystem::resize_file(path, length, error);
  if (error) throw std::runtime_error(path + ": cannot cut the torn last line: " + error.message());
}

std::int64_t resumable_line_count(const std::string& path, const std::vector<std::string>& required_keys) {
  std::string expected = "{";
  for (const std::string& key : required_keys) expected += (expected.size() > 1 ? ", \"" : "\"") + key + "\"";
  expected += "}";
  std::int64_t lines = 0;
  auto check = [&](const nlohmann::json& row, const std::string& where) {
    bool valid = row.is_object();
    for (const std::string& key : required_keys) valid = valid && row.contains(key);
    if (!valid) throw InputError(where + " is not a sample line (" + expected + "); refusing to append to it");
    ++lines;
  };
  const std::size_t length = read_json_lines(path, LastLine::MayBeTorn, check);
  cut_torn_line(path, length);
  return lines;
}

JsonLinesWriter::JsonLinesWriter(const std::string& path, bool fresh) : path_(path) {
  const int flags = O_WRONLY | O_CREAT | O_CLOEXEC | (fresh ? O_TRUNC : O_APPEND);
  fd_ = ::open(path.c_str(), flags, 0644);
  if (fd_ < 0) throw InputError(path + ": cannot be opened for writing: " + std::strerror(errno));
}

JsonLinesWriter::~JsonLinesWriter() {
  if (fd_ >= 0) ::close(fd_);
}

// One write() per line: a kill leaves whole lines plus at most one torn last line.
void JsonLinesWriter::append(const nlohmann::ordered_json& row) {
  const std::string line = row.dump() + "\n";
  std::size_t written = 0;
  while (written < line.size()) {
    const ssize_t n = ::write(fd_, line.data() + written, line.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error(path_ + ": cannot append: " + std::strerror(errno));
    }
    written += static_cast<std::size_t>(n);
  }
}

}  // namespace apq
