// Fuzz target: the LUT build journal (JSON lines: a header, then one entry per line) as a resumed
// build reads it.
#include "tests/fuzz/fuzz_support.h"

#include "calibration/journal.h"
#include "common/errors.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // The header of the seed journals (tests/fuzz/corpus/lut_journal).
  apq::calibration::JournalHeader header;
  header.space_digest = "aaaa";
  header.accel_digest = "bbbb";
  header.shard = "1/1";
  header.entries = 3;
  header.plan_digest = "cccc";
  const std::string path = apq::fuzz::write_scratch(".journal", data, size);
  try {
    apq::calibration::read_journal(path, header);
  } catch (const apq::InputError&) {
  }
  return 0;
}
