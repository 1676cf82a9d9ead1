#pragma once
#include <string>

namespace apq {

// A file with `content` in the system's temporary folder (TMPDIR), named
// apq-XXXXXX`suffix`, removed when this object goes: how a command hands a small input to a
// child process.
class TemporaryFile {
 public:
  TemporaryFile(const std::string& suffix, const std::string& content);
  ~TemporaryFile();
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;

  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace apq
