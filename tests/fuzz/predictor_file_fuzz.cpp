// Fuzz target: the accuracy predictor file (plain text), and its round trip.
#include "tests/fuzz/fuzz_support.h"

#include "search/predictor/predictor_file.h"
#include "common/errors.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const auto weights = apq::search::parse_predictor(apq::fuzz::text_of(data, size), "predictor.txt");
    apq::search::parse_predictor(apq::search::predictor_to_text(weights), "written predictor.txt");
  } catch (const apq::InputError&) {
  } catch (const apq::UsageError&) {
  }
  return 0;
}
