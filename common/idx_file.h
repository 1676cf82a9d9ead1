#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace apq {

// An IDX array of unsigned bytes (the format of the MNIST family): its dimensions, outermost
// first, and its values in row-major order.
struct IdxArray {
  std::vector<std::int64_t> dims;
  std::vector<std::uint8_t> values;
};

// Reads a gzip'd IDX file of unsigned bytes (type code 0x08). Checks the magic number, the
// rank against `expected_rank`, and that the data holds exactly the product of the dimensions;
// throws apq::InputError naming the file otherwise.
IdxArray read_idx_gz(const std::string& path, int expected_rank);

}  // namespace apq
