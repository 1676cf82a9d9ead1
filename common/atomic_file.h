#pragma once
#include <string>

namespace apq {

// Writes `content` to `path` through a temporary file in the same folder and a rename, so a
// reader never sees a partial file and a failure leaves any earlier file untouched.
void write_file_atomically(const std::string& path, const std::string& content);

}  // namespace apq
