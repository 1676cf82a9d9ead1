// apq quant check: the integer network of a quantized network run by the accelerator model
// (golden integer model or the Verilated array) and by the LibTorch integer reference (apq-nn),
// compared value by value.
#include <cstdio>

#include <nlohmann/json.hpp>

#include "cli/apq_nn.h"
#include "cli/options.h"
#include "cli/output.h"
#include "common/temporary_file.h"
#include "layer/integer_network_file.h"
#include "layer/layer_output_file.h"
#include "sim/accel_config.h"
#include "sim/inference/image_inference.h"

namespace apq::cli {

int run_quant_check(const std::vector<std::string>& args) {
  po::options_description desc("options");
  desc.add_options()
      ("qnet", po::value<std::string>()->required(), "quantized network (qnet.pt)")
      ("accel", po::value<std::string>()->required(), "accelerator configuration (configs/accel/*.json)")
      ("input", po::value<std::string>()->required(), "images (IDX bytes, gzip'd or not)")
      ("labels", po::value<std::string>(), "their labels (IDX)")
      ("images", po::value<std::int64_t>()->default_value(10), "the first N images (0: all)")
      ("rtl", "run every array pass on the Verilated array (a Verilated shape: 4x8, 8x8, 16x32)")
      ("data-dir", po::value<std::string>()->default_value(""),
       "Fashion-MNIST IDX folder, for the image normalisation (default: Debian's dataset-fashion-mnist)")
      ("json", "print the result as JSON");
  add_output_option(desc);
  po::variables_map vm;
  if (!parse_options("quant check", "--qnet qnet.pt --accel A --input IMAGES [--images N] [--rtl] [--json]", args,
                     desc, vm))
    return 0;
  const std::string qnet = vm["qnet"].as<std::string>();
  const std::string input = vm["input"].as<std::string>();
  const std::string images_count = std::to_string(int_option(vm, "images", 0, INT64_MAX));
  const std::string data_dir = vm["data-dir"].as<std::string>();
  const sim::AccelConfig config = sim::load_accel_config(vm["accel"].as<std::string>());

  const TemporaryFile network_file(".int.json", "");
  std::vector<std::string> export_args = {"quant", "export", "--qnet", qnet, "--out", network_file.path(), "--json"};
  if (!data_dir.empty()) export_args.insert(export_args.end(), {"--data-dir", data_dir});
  run_apq_nn_json(export_args);
  const IntegerNetwork network = load_integer_network(network_file.path());

  const TemporaryFile reference_outputs(".torch.bin", "");
  std::vector<std::string> infer_args = {"quant", "infer", "--qnet", qnet, "--input", input, "--images", images_count,
                                         "--layer-outputs", reference_outputs.path(), "--json"};
  if (!data_dir.empty()) infer_args.insert(infer_args.end(), {"--data-dir", data_dir});
  const nlohmann::json reference = run_apq_nn_json(infer_args);

  const TemporaryFile model_outputs(".model.bin", "");
  const ImageSet images = load_image_set(
      input, vm.count("labels") ? vm["labels"].as<std::string>() : "", network, int_option(vm, "images", 0, INT64_MAX));
  sim::inference::InferenceOptions options;
  options.rtl = vm.count("rtl") != 0;
  options.layer_outputs_path = model_outputs.path();
  const sim::inference::InferenceReport report = sim::inference::infer_images(config, network, images, options);

  const std::string model_name = options.rtl ? "the accelerator model (RTL array)" : "the accelerator model";
  const std::optional<std::string> difference = first_layer_output_difference(
      network, model_outputs.path(), model_name, reference_outputs.path(), "the LibTorch reference");
  std::int64_t same_class = 0;
  for (std::size_t i = 0; i < report.images.size(); ++i)
    same_class += report.images[i].predicted == reference["per_image"][i]["predicted"].get<int>();
  const bool pass = !difference && report.pass();

  std::string rtl_problem;
  for (const sim::inference::ImageInference& image : report.images)
    if (rtl_problem.empty() && !image.rtl_mismatch.empty()) rtl_problem = image.rtl_mismatch;
  if (vm.count("json")) {
    nlohmann::ordered_json out;
    out["network"] = network.name;
    out["accelerator"] = config.name;
    out["rtl"] = options.rtl;
    out["images"] = images.count;
    out["layers"] = network.layers.size();
    out["same_class"] = same_class;
    out["first_difference"] = difference ? nlohmann::ordered_json(*difference) : nlohmann::ordered_json();
    if (options.rtl) out["rtl_pass"] = report.pass();
    out["pass"] = pass;
    write_result(vm, out.dump(2) + "\n");
  } else {
    std::string text = network.name + " on " + config.name + (options.rtl ? " (Verilated array)" : "") + ": " +
                       std::to_string(images.count) + " images x " + std::to_string(network.layers.size()) +
                       " layers compared with the LibTorch integer reference\n";
    text += "same predicted class: " + std::to_string(same_class) + " of " + std::to_string(images.count) + "\n";
    if (difference) text += "first difference: " + *difference + "\n";
    if (!rtl_problem.empty()) text += "RTL against the golden model: " + rtl_problem + "\n";
    text += std::string("result: ") + (pass ? "PASS" : "FAIL") + "\n";
    write_result(vm, text);
  }
  return pass ? 0 : 1;
}

}  // namespace apq::cli
