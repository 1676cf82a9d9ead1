#include "common/temporary_file.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <vector>

namespace apq {

TemporaryFile::TemporaryFile(const std::string& suffix, const std::string& content) {
  const std::string pattern = (std::filesystem::temp_directory_path() / ("apq-XXXXXX" + suffix)).string();
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  const int fd = ::mkstemps(name.data(), static_cast<int>(suffix.size()));
  if (fd < 0) throw std::runtime_error("cannot create a temporary file " + pattern + ": " + std::strerror(errno));
  path_ = name.data();
  std::size_t written = 0;
  while (written < content.size()) {
    const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int error = errno;
      ::close(fd);
      std::remove(path_.c_str());
      throw std::runtime_error("cannot write " + path_ + ": " + std::strerror(error));
    }
    written += static_cast<std::size_t>(n);
  }
  ::close(fd);
}

TemporaryFile::~TemporaryFile() { std::remove(path_.c_str()); }

}  // namespace apq
