#include "tests/fuzz/fuzz_support.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace apq::fuzz {

std::string scratch_path(const std::string& suffix) {
  return (std::filesystem::temp_directory_path() / ("apq_fuzz_" + std::to_string(::getpid()) + suffix)).string();
}

std::string write_scratch(const std::string& suffix, const std::uint8_t* data, std::size_t size) {
  const std::string path = scratch_path(suffix);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  if (!out) throw std::runtime_error(path + ": cannot write the fuzz input");
  return path;
}

}  // namespace apq::fuzz
