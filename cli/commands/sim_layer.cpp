// apq sim layer: one layer on the accelerator model, in cycle or reference timing mode.
#include <string>

#include "cli/sim_options.h"
#include "cli/output.h"
#include "common/errors.h"
#include "sim/accel_config.h"
#include "layer/layer_shape.h"
#include "sim/result_format.h"
#include "sim/simulate.h"

namespace apq::cli {

int run_sim_layer(const std::vector<std::string>& args) {
  po::options_description desc("options");
  desc.add_options()
      ("accel", po::value<std::string>()->required(), "accelerator configuration (configs/accel/*.json)")
      ("layer", po::value<std::string>()->required(),
       "the layer as APQ's key tuple \"(cin, cout, in, k, s, p, groups)\"")
      ("wbits", po::value<std::int64_t>()->required(), "weight bits (2..8)")
      ("abits", po::value<std::int64_t>()->required(), "input activation bits (2..8)")
      ("batch", po::value<std::int64_t>()->default_value(1), "batch size")
      ("mode", po::value<std::string>()->default_value("cycle"),
       "cycle (the SystemC model) or reference (the BitFusion authors' analytical model)")
      ("json", "print the result as JSON");
  add_output_option(desc);
  po::variables_map vm;
  if (!parse_options("sim layer",
                     "--accel FILE --layer \"(cin, cout, in, k, s, p, groups)\" --wbits W --abits A "
                     "[--batch B] [--mode cycle|reference] [--json] [--output FILE]",
                     args, desc, vm)) {
    return 0;
  }
  const std::string key = vm["layer"].as<std::string>();
  LayerShape layer = parse_layer_key(key);
  const std::size_t tuple_end = key.rfind(')');
  if (key.find_first_not_of(" \t", tuple_end + 1) != std::string::npos)
    throw UsageError("--layer takes the shape tuple only, got '" + key +
                     "'; give the bits with --wbits and --abits");
  layer.wbits = static_cast<int>(int_option(vm, "wbits", 2, 8));
  layer.abits = static_cast<int>(int_option(vm, "abits", 2, 8));
  layer.batch = static_cast<int>(int_option(vm, "batch", 1, 1 << 20));
  const sim::TimingMode mode = timing_mode_option(vm);
  const sim::AccelConfig config = sim::load_accel_config(vm["accel"].as<std::string>());

  const sim::LayerResult result = sim::simulate_layer(config, layer, mode);
  if (vm.count("json")) {
    nlohmann::ordered_json out;
    out["accelerator"] = config.name;
    out.update(sim::layer_result_json(result, mode));
    write_result(vm, out.dump(2) + "\n");
  } else {
    write_result(vm, sim::layer_result_text(result, mode, config.name));
  }
  return 0;
}

}  // namespace apq::cli
