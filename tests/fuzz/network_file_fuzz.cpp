// Fuzz target: the network file of `apq sim net` (schema in sim/README.md), and its round trip.
#include "tests/fuzz/fuzz_support.h"

#include "sim/network_file.h"
#include "common/errors.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const apq::sim::Network network = apq::sim::parse_network(apq::fuzz::text_of(data, size), "net.json");
    apq::sim::parse_network(apq::sim::network_to_json(network), "written net.json");
  } catch (const apq::InputError&) {
  } catch (const apq::UsageError&) {
  }
  return 0;
}
