// apq quant export and apq quant infer: the integer network of a quantized sub-network, and the
// LibTorch integer reference that computes it.
#include <cstdio>

#include <nlohmann/json.hpp>

#include "cli/options.h"
#include "cli/output.h"
#include "nn/integer_jobs.h"
#include "nn/torch_threads.h"

namespace apq::cli {
namespace {

void add_data_dir_option(po::options_description& desc) {
  desc.add_options()("data-dir", po::value<std::string>()->default_value(""),
                     "Fashion-MNIST IDX folder, for the image normalisation (default: Debian's dataset-fashion-mnist)");
}

std::string infer_text(const nn::IntegerInferResult& result) {
  std::string out;
  std::int64_t correct = 0, fake_correct = 0;
  for (std::size_t i = 0; i < result.predicted.size(); ++i) {
    out += "image " + std::to_string(i) + ": class " + std::to_string(result.predicted[i]) + " (fake-quantized " +
           std::to_string(result.fake_quant_predicted[i]);
    if (!result.labels.empty()) {
      out += ", label " + std::to_string(result.labels[i]);
      correct += result.predicted[i] == result.labels[i];
      fake_correct += result.fake_quant_predicted[i] == result.labels[i];
    }
    out += "), logits";
    for (std::int32_t logit : result.logits[i]) out += " " + std::to_string(logit);
    out += "\n";
  }
  const double n = std::max<double>(1.0, static_cast<double>(result.predicted.size()));
  char line[200];
  std::snprintf(line, sizeof line, "integer and fake-quantized predictions agree on %lld of %zu images\n",
                static_cast<long long>(result.agreeing), result.predicted.size());
  out += line;
  if (!result.labels.empty()) {
    std::snprintf(line, sizeof line, "top-1: integer %.2f%%, fake-quantized %.2f%% (difference %+.2f points)\n",
                  100.0 * correct / n, 100.0 * fake_correct / n, 100.0 * (correct - fake_correct) / n);
    out += line;
  }
  return out;
}

nlohmann::ordered_json infer_json(const nn::IntegerInferResult& result) {
  nlohmann::ordered_json out;
  out["network"] = result.network;
  out["images"] = result.predicted.size();
  out["logit_scale"] = result.logit_scale;
  out["agreeing"] = result.agreeing;
  if (!result.labels.empty()) {
    std::int64_t correct = 0, fake_correct = 0;
    for (std::size_t i = 0; i < result.predicted.size(); ++i) {
      correct += result.predicted[i] == result.labels[i];
      fake_correct += result.fake_quant_predicted[i] == result.labels[i];
    }
    const double n = std::max<double>(1.0, static_cast<double>(result.predicted.size()));
    out["integer_top1"] = correct / n;
    out["fake_quant_top1"] = fake_correct / n;
  }
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < result.predicted.size(); ++i) {
    nlohmann::ordered_json entry;
    entry["index"] = i;
    entry["predicted"] = result.predicted[i];
    entry["fake_quant_predicted"] = result.fake_quant_predicted[i];
    if (!result.labels.empty()) entry["label"] = result.labels[i];
    entry["logits"] = result.logits[i];
    list.push_back(entry);
  }
  out["per_image"] = list;
  return out;
}

}  // namespace

int run_quant_export(const std::vector<std::string>& args) {
  po::options_description desc("options");
  desc.add_options()
      ("qnet", po::value<std::string>()->required(), "quantized network (qnet.pt, from apq quant finetune)")
      ("out", po::value<std::string>()->required(), "integer network file to write (net.int.json)")
      ("json", "print the result as JSON");
  add_data_dir_option(desc);
  po::variables_map vm;
  if (!parse_options("quant export", "--qnet qnet.pt --out net.int.json", args, desc, vm)) return 0;
  nn::IntegerExportRequest request;
  request.qnet_path = vm["qnet"].as<std::string>();
  request.out_path = vm["out"].as<std::string>();
  request.data_dir = vm["data-dir"].as<std::string>();
  nn::export_integer_network_file(request);
  if (vm.count("json")) {
    nlohmann::ordered_json out;
    out["qnet"] = request.qnet_path;
    out["out"] = request.out_path;
    std::printf("%s\n", out.dump(2).c_str());
  } else {
    std::printf("wrote %s\n", request.out_path.c_str());
  }
  return 0;
}

int run_quant_infer(const std::vector<std::string>& args) {
  po::options_description desc("options");
  desc.add_options()
      ("qnet", po::value<std::string>()->required(), "quantized network (qnet.pt)")
      ("input", po::value<std::string>()->required(), "images (IDX bytes, gzip'd or not)")
      ("labels", po::value<std::string>(), "their labels (IDX), for top-1")
      ("images", po::value<std::int64_t>()->default_value(0), "the first N images (0: all)")
      ("layer-outputs", po::value<std::string>(), "write every layer's output of every image to FILE")
      ("json", "print the result as JSON");
  add_data_dir_option(desc);
  add_output_option(desc);
  po::variables_map vm;
  if (!parse_options("quant infer", "--qnet qnet.pt --input IMAGES [--labels LABELS] [--images N] [--json]", args,
                     desc, vm))
    return 0;
  nn::IntegerInferRequest request;
  request.qnet_path = vm["qnet"].as<std::string>();
  request.images_path = vm["input"].as<std::string>();
  if (vm.count("labels")) request.labels_path = vm["labels"].as<std::string>();
  request.images = int_option(vm, "images", 0, INT64_MAX);
  if (vm.count("layer-outputs")) request.layer_outputs_path = vm["layer-outputs"].as<std::string>();
  request.data_dir = vm["data-dir"].as<std::string>();
  nn::use_all_hardware_threads();
  const nn::IntegerInferResult result = nn::infer_integer(request);
  write_result(vm, vm.count("json") ? infer_json(result).dump(2) + "\n" : infer_text(result));
  return 0;
}

}  // namespace apq::cli
