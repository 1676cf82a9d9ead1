#include "common/json_lines.h"

#include <filesystem>
#include <fstream>
#include <iterator>

#include <nlohmann/json.hpp>

#include "common/errors.h"

namespace apq {

std::int64_t resumable_line_count(const std::string& path, const std::vector<std::string>& required_keys) {
  if (!std::filesystem::exists(path)) return 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot be read");
  const std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::string expected = "{";
  for (const std::string& key : required_keys) expected += (expected.size() > 1 ? ", \"" : "\"") + key + "\"";
  expected += "}";
  std::int64_t lines = 0;
  std::size_t start = 0;
  while (start < content.size()) {
    const std::size_t end = content.find('\n', start);
    if (end == std::string::npos) break;
    bool valid = false;
    try {
      const auto row = nlohmann::json::parse(content.substr(start, end - start));
      valid = row.is_object();
      for (const std::string& key : required_keys) valid = valid && row.contains(key);
    } catch (const nlohmann::json::exception&) {
      valid = false;
    }
    if (!valid) {
      throw InputError(path + ": line " + std::to_string(lines + 1) + " is not a sample line (" + expected +
                       "); refusing to append to it");
    }
    ++lines;
    start = end + 1;
  }
  if (start < content.size()) std::filesystem::resize_file(path, start);
  return lines;
}

}  // namespace apq
