#pragma once
#include <string>

namespace apq::calibration {

// FNV-1a 64 of `text` as 16 hex digits: tells a journal's space/accel from another one. Not a
// cryptographic hash; it guards against mistakes, not against tampering.
std::string text_digest(const std::string& text);

// The digest of a JSON file's content with formatting removed (parsed, then dumped), so that
// re-indenting a file does not invalidate a journal. Throws apq::InputError if unreadable.
std::string json_file_digest(const std::string& path);

}  // namespace apq::calibration
