// Fuzz target: the accelerator configuration file (configs/accel/*.json).
#include "tests/fuzz/fuzz_support.h"

#include "sim/accel_config.h"
#include "common/errors.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    apq::sim::parse_accel_config(apq::fuzz::text_of(data, size), "accel.json");
  } catch (const apq::InputError&) {
  } catch (const apq::UsageError&) {
  }
  return 0;
}
