#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace apq {

// The number of complete lines of a resumable JSON-lines output (0 when the file is missing),
// each checked to be a JSON object holding every key of `required_keys`. A torn last line (a
// run killed while writing it) is cut off the file, so that appending continues cleanly.
// Throws apq::InputError naming the file and line when a complete line is not such an object:
// appending to a file of something else would corrupt it.
std::int64_t resumable_line_count(const std::string& path, const std::vector<std::string>& required_keys);

}  // namespace apq
