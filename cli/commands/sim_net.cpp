// apq sim net: a network file run back to back through one accelerator, optionally with the
// Verilated RTL array inside the SystemC model (co-simulation); an integer network file runs real
// images.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "cli/sim_options.h"
#include "cli/output.h"
#include "common/errors.h"
#include "sim/accel_config.h"
#include "layer/integer_network_file.h"
#include "sim/cosim/cosim.h"
#include "sim/inference/image_inference.h"
#include "sim/network_file.h"
#include "sim/result_format.h"
#include "sim/simulate.h"

namespace apq::cli {

namespace {

std::string cosim_text(const sim::CosimReport& report) {
  std::string out = sim::network_result_text(report.cosim);
  out += "\nco-simulation with the Verilated " + std::to_string(report.rows) + "x" +
         std::to_string(report.cols) + " array (seed " + std::to_string(report.seed) + ")\n";
  for (const sim::CosimLayerCheck& layer : report.layers) {
    out += "  " + layer.name + ": ";
    if (!layer.checked) {
      out += "vector unit, not on the array\n";
      continue;
    }
    out += std::to_string(layer.outputs) + " outputs, " + std::to_string(layer.output_mismatches) +
           " mismatches; " + std::to_string(layer.passes) + " RTL passes, " +
           std::to_string(layer.pass_cycle_mismatches) + " cycle mismatches; cycles RTL " +
           std::to_string(layer.cosim_cycles) + " / model " + std::to_string(layer.model_cycles) +
           "\n";
  }
  out += std::string("result: ") + (report.pass() ? "PASS" : "FAIL") + "\n";
  return out;
}

nlohmann::ordered_json inference_json(const sim::inference::InferenceReport& report, const IntegerNetwork& network,
                                      const ImageSet& images) {
  nlohmann::ordered_json out;
  out["network"] = network.name;
  out["images"] = images.count;
  if (report.correct >= 0) out["top1"] = images.count > 0 ? static_cast<double>(report.correct) / images.count : 0.0;
  if (report.rtl) out["rtl_pass"] = report.pass();
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < report.images.size(); ++i) {
    const sim::inference::ImageInference& image = report.images[i];
    nlohmann::ordered_json entry;
    entry["index"] = i;
    entry["predicted"] = image.predicted;
    if (!images.labels.empty()) entry["label"] = images.labels[i];
    entry["logits"] = image.logits;
    if (report.rtl) {
      entry["rtl_cycles"] = image.rtl_cycles;
      entry["passes"] = image.passes;
      entry["pass_cycle_mismatches"] = image.pass_cycle_mismatches;
      entry["mismatch"] = image.rtl_mismatch.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(image.rtl_mismatch);
    }
    list.push_back(entry);
  }
  out["per_image"] = list;
  out["logit_scale"] = network.layers.back().output_scale;
  out["result"] = sim::network_result_json(report.cost);
  return out;
}

std::string inference_text(const sim::inference::InferenceReport& report, const IntegerNetwork& network,
                           const ImageSet& images) {
  std::string out = sim::network_result_text(report.cost) + "\n";
  for (std::size_t i = 0; i < report.images.size(); ++i) {
    const sim::inference::ImageInference& image = report.images[i];
    out += "image " + std::to_string(i) + ": class " + std::to_string(image.predicted);
    if (!images.labels.empty()) out += " (label " + std::to_string(images.labels[i]) + ")";
    out += ", logits";
    for (std::int32_t logit : image.logits) out += " " + std::to_string(logit);
    if (report.rtl)
      out += "; RTL " + std::to_string(image.rtl_cycles) + " cycles, " + std::to_string(image.passes) + " passes" +
             (image.rtl_mismatch.empty() ? "" : "; MISMATCH " + image.rtl_mismatch);
    out += "\n";
  }
  char line[160];
  std::snprintf(line, sizeof line, "logits are integers; x %.6g for the real values\n", network.layers.back().output_scale);
  out += line;
  if (report.correct >= 0) {
    std::snprintf(line, sizeof line, "top-1 %.2f%% (%lld of %lld)\n", 100.0 * report.correct / std::max<std::int64_t>(1, images.count),
                  static_cast<long long>(report.correct), static_cast<long long>(images.count));
    out += line;
  }
  if (report.rtl) out += std::string("RTL against the golden model: ") + (report.pass() ? "PASS" : "FAIL") + "\n";
  return out;
}

std::string read_text(const std::string& path) {
  std::ifstream file(path);
  if (!file) throw InputError(path + ": cannot open network file");
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

// An integer network: its real images through the model (golden integer values, or the RTL).
int run_integer_net(const po::variables_map& vm, const sim::AccelConfig& config, const std::string& path,
                    const std::string& text) {
  const IntegerNetwork network = parse_integer_network(text, path);
  if (!vm.count("input")) throw UsageError("an integer network file runs images: --input IMAGES.idx[.gz] is required");
  const ImageSet images =
      load_image_set(vm["input"].as<std::string>(), vm.count("labels") ? vm["labels"].as<std::string>() : "",
                                     network, int_option(vm, "images", 0, INT64_MAX));
  sim::inference::InferenceOptions options;
  options.rtl = vm.count("rtl") != 0;
  if (vm.count("layer-outputs")) options.layer_outputs_path = vm["layer-outputs"].as<std::string>();
  const sim::inference::InferenceReport report = sim::inference::infer_images(config, network, images, options);
  write_result(vm, vm.count("json") ? inference_json(report, network, images).dump(2) + "\n"
                                    : inference_text(report, network, images));
  return report.pass() ? 0 : 1;
}

}  // namespace

int run_sim_net(const std::vector<std::string>& args) {
  po::options_description desc("options");
  desc.add_options()
      ("accel", po::value<std::string>()->required(), "accelerator configuration (configs/accel/*.json)")
      ("net", po::value<std::string>()->required(), "network file (schema in sim/README.md)")
      ("mode", po::value<std::string>()->default_value("cycle"),
       "cycle (the SystemC model) or reference (the BitFusion authors' analytical model)")
      ("rtl", "co-simulate: run the array layers on the Verilated RTL array with random integer "
              "data, check outputs against an integer convolution and cycles against the model")
      ("seed", po::value<std::int64_t>()->default_value(1), "random seed of the co-simulation data")
      ("input", po::value<std::string>(), "integer network: images to run (IDX bytes, gzip'd or not)")
      ("labels", po::value<std::string>(), "integer network: their labels (IDX), for top-1")
      ("images", po::value<std::int64_t>()->default_value(0), "integer network: run the first N images (0: all)")
      ("layer-outputs", po::value<std::string>(),
       "integer network: write every layer's output of every image to FILE (for apq quant check)")
      ("json", "print the result as JSON");
  add_output_option(desc);
  po::variables_map vm;
  if (!parse_options("sim net",
                     "--accel FILE --net FILE [--mode cycle|reference] [--json] [--rtl [--seed S]] "
                     "[--output FILE]\n       apq sim net --accel FILE --net NET.int.json --input IMAGES "
                     "[--labels LABELS] [--images N] [--rtl] [--layer-outputs FILE] [--json]",
                     args, desc, vm)) {
    return 0;
  }
  const sim::TimingMode mode = timing_mode_option(vm);
  const bool rtl = vm.count("rtl") != 0;
  if (rtl && mode != sim::TimingMode::Cycle)
    throw UsageError("--rtl co-simulates the cycle mode; it cannot be combined with --mode reference");
  const sim::AccelConfig config = sim::load_accel_config(vm["accel"].as<std::string>());
  const std::string path = vm["net"].as<std::string>();
  const std::string text = read_text(path);
  if (is_integer_network_json(text)) {
    if (mode != sim::TimingMode::Cycle) throw UsageError("an integer network runs in the cycle mode only");
    return run_integer_net(vm, config, path, text);
  }
  for (const char* option : {"input", "labels", "layer-outputs"})
    if (vm.count(option)) throw UsageError(std::string("--") + option + " is for integer network files; " + path + " is not one");
  const sim::Network network = sim::parse_network(text, path);

  if (!rtl) {
    const sim::NetworkResult result = sim::simulate_network(config, network, mode);
    write_result(vm, vm.count("json") ? sim::network_result_json(result).dump(2) + "\n"
                                      : sim::network_result_text(result));
    return 0;
  }
  sim::CosimOptions options;
  options.seed = static_cast<std::uint64_t>(int_option(vm, "seed", 0, INT64_MAX));
  const sim::CosimReport report = sim::cosimulate_network(config, network, options);
  write_result(vm, vm.count("json") ? sim::cosim_report_json(report).dump(2) + "\n"
                                    : cosim_text(report));
  return report.pass() ? 0 : 1;
}

}  // namespace apq::cli
