// Fuzz target: the supernet training configuration (configs/training/*.json), and its round trip.
#include "tests/fuzz/fuzz_support.h"

#include "nn/training/training_config.h"
#include "common/errors.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const auto config = apq::nn::training_config_from_json_text(apq::fuzz::text_of(data, size), "training.json");
    apq::nn::training_config_from_json_text(apq::nn::training_config_to_json_text(config), "written training.json");
  } catch (const apq::InputError&) {
  } catch (const apq::UsageError&) {
  }
  return 0;
}
