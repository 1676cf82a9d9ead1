// Fuzz target: the LUT file (APQ JSON format), and its round trip.
#include "tests/fuzz/fuzz_support.h"

#include "calibration/lut_file.h"
#include "common/errors.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const apq::calibration::Lut lut = apq::calibration::parse_lut(apq::fuzz::text_of(data, size), "lut.json");
    apq::calibration::parse_lut(apq::calibration::lut_to_text(lut), "written lut.json");
  } catch (const apq::InputError&) {
  } catch (const apq::UsageError&) {
  }
  return 0;
}
