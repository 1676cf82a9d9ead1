#include "common/idx_file.h"

#include <zlib.h>

#include <array>
#include <memory>
#include <sstream>

#include "common/errors.h"

namespace apq {
namespace {

constexpr std::uint8_t kUnsignedByteType = 0x08;
constexpr int kMaxRank = 4;

struct GzCloser {
  void operator()(gzFile_s* file) const { gzclose(file); }
};
using GzFile = std::unique_ptr<gzFile_s, GzCloser>;

[[noreturn]] void fail(const std::string& path, const std::string& what) {
  throw InputError("IDX file " + path + ": " + what);
}

// Reads up to `size` bytes; returns how many were read. Throws on a decompression error, so a
// corrupt stream is not mistaken for a short one.
std::size_t read_some(gzFile file, const std::string& path, void* out, std::size_t size) {
  std::size_t done = 0;
  auto* bytes = static_cast<unsigned char*>(out);
  while (done < size) {
    const unsigned chunk = static_cast<unsigned>(std::min<std::size_t>(size - done, 1u << 30));
    const int got = gzread(file, bytes + done, chunk);
    if (got < 0) {
      int code = 0;
      const char* message = gzerror(file, &code);
      fail(path, std::string("corrupt gzip data (") + message + ")");
    }
    if (got == 0) break;
    done += static_cast<std::size_t>(got);
  }
  return done;
}

void read_exactly(gzFile file, const std::string& path, void* out, std::size_t size,
                  const std::string& what) {
  const std::size_t got = read_some(file, path, out, size);
  if (got != size) {
    std::ostringstream message;
    message << "truncated " << what << " (expected " << size << " bytes, got " << got << ")";
    fail(path, message.str());
  }
}

std::int64_t big_endian_u32(const unsigned char* bytes) {
  return (std::int64_t{bytes[0]} << 24) | (std::int64_t{bytes[1]} << 16) |
         (std::int64_t{bytes[2]} << 8) | std::int64_t{bytes[3]};
}

}  // namespace

IdxArray read_idx_gz(const std::string& path, int expected_rank) {
  GzFile file(gzopen(path.c_str(), "rb"));
  if (!file) fail(path, "cannot open");

  std::array<unsigned char, 4> magic{};
  read_exactly(file.get(), path, magic.data(), magic.size(), "header");
  if (magic[0] != 0 || magic[1] != 0 || magic[2] != kUnsignedByteType) {
    std::ostringstream message;
    message << "bad magic number 0x" << std::hex;
    for (unsigned char b : magic) message << (b < 16 ? "0" : "") << int{b};
    message << " (expected 0x000008 followed by the rank)";
    fail(path, message.str());
  }
  const int rank = magic[3];
  if (rank != expected_rank || rank < 1 || rank > kMaxRank) {
    fail(path, "rank " + std::to_string(rank) + ", expected " + std::to_string(expected_rank));
  }

  IdxArray array;
  std::int64_t count = 1;
  for (int d = 0; d < rank; ++d) {
    std::array<unsigned char, 4> dim_bytes{};
    read_exactly(file.get(), path, dim_bytes.data(), dim_bytes.size(), "header");
    const std::int64_t dim = big_endian_u32(dim_bytes.data());
    if (dim == 0) fail(path, "dimension " + std::to_string(d) + " is 0");
    array.dims.push_back(dim);
    count *= dim;
  }

  array.values.resize(static_cast<std::size_t>(count));
  read_exactly(file.get(), path, array.values.data(), array.values.size(), "data");
  unsigned char extra = 0;
  if (read_some(file.get(), path, &extra, 1) != 0) {
    fail(path, "trailing bytes after the " + std::to_string(count) + " values the header declares");
  }
  return array;
}

}  // namespace apq
