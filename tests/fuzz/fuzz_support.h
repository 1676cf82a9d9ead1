#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

// A fuzz target reads bytes the way the parser it exercises reads a file. The parsers' contract
// is that bad input raises apq::InputError or apq::UsageError naming what is wrong; anything
// else escaping them (another exception, a crash, a sanitizer report, a hang) is a bug, and the
// target lets it through for libFuzzer to report.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace apq::fuzz {

inline std::string text_of(const std::uint8_t* data, std::size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

// A path of this process for parsers that read files (one per process: libFuzzer's -jobs and
// -workers run several).
std::string scratch_path(const std::string& suffix);

// Writes the bytes to scratch_path(suffix) and returns the path.
std::string write_scratch(const std::string& suffix, const std::uint8_t* data, std::size_t size);

}  // namespace apq::fuzz
