// Fuzz target: the accuracy sample file (JSON lines) as the predictor's training reads it, and as
// a resumed collection counts it (cutting a torn last line).
#include "tests/fuzz/fuzz_support.h"

#include "common/errors.h"
#include "common/json_lines.h"
#include "search/predictor/sample_file.h"
#include "search/space/space_file.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const apq::search::Space space = apq::search::load_space(APQ_SOURCE_DIR "/configs/spaces/fmnist.json");
  const std::string path = apq::fuzz::write_scratch(".jsonl", data, size);
  try {
    apq::search::load_samples(space, path);
  } catch (const apq::InputError&) {
  }
  try {
    apq::resumable_line_count(path, {"config", "accuracy"});
  } catch (const apq::InputError&) {
  }
  return 0;
}
