// Fuzz target: the sub-network spec (APQ spec JSON) read against the fmnist space, then the
// layers and accelerator network of a valid config.
#include "tests/fuzz/fuzz_support.h"

#include "calibration/accelerator_network.h"
#include "common/errors.h"
#include "common/json_fields.h"
#include "search/space/config_file.h"
#include "search/space/network_layers.h"
#include "search/space/space_file.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const apq::search::Space space = apq::search::load_space(APQ_SOURCE_DIR "/configs/spaces/fmnist.json");
  try {
    const auto doc = apq::json_fields::parse_json(apq::fuzz::text_of(data, size), "spec.json");
    const apq::search::SubnetConfig config = apq::search::config_from_json(space, doc, "spec.json");
    apq::search::layers_of(space, config);
    apq::calibration::network_of(space, config, "fuzzed");
  } catch (const apq::InputError&) {
  } catch (const apq::UsageError&) {
  }
  return 0;
}
