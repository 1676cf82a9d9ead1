// Fuzz target: the search-space file (configs/spaces/*.json), then the block slots a valid space yields.
#include "tests/fuzz/fuzz_support.h"

#include "common/json_fields.h"
#include "search/space/block_slots.h"
#include "search/space/space_file.h"
#include "common/errors.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const auto doc = apq::json_fields::parse_json(apq::fuzz::text_of(data, size), "space.json");
    const apq::search::Space space = apq::search::space_from_json(doc, "space.json");
    apq::search::block_slots(space);
  } catch (const apq::InputError&) {
  } catch (const apq::UsageError&) {
  }
  return 0;
}
