#include "nn/quant/quantized_network.h"

#include <torch/serialize/input-archive.h>
#include <torch/serialize/output-archive.h>

#include <filesystem>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/errors.h"
#include "nn/quant/quantizable.h"
#include "search/space/config_file.h"
#include "search/space/space_file.h"

namespace apq::nn {
namespace {

constexpr const char* kFormat = "apq-quantized-network-1";

std::string read_string(torch::serialize::InputArchive& archive, const std::string& path, const char* key) {
  c10::IValue value;
  if (!archive.try_read(key, value) || !value.isString()) throw InputError(path + ": field " + key + " missing");
  return value.toStringRef();
}

}  // namespace

void save_quantized_network(const QuantizedNetwork& qnet, const std::string& path) {
  torch::serialize::OutputArchive archive;
  archive.write("format", c10::IValue(std::string(kFormat)));
  archive.write("space", c10::IValue(qnet.space_json));
  archive.write("config", c10::IValue(search::config_to_json(qnet.space, qnet.config).dump()));
  torch::serialize::OutputArchive network;
  qnet.network->save(network);
  archive.write("network", network);
  std::vector<double> ranges, ratios;
  // The holder is const, the layers are read only.
  for (LayerQuant* layer : quant_layers(*qnet.network.ptr())) {
    ranges.push_back(layer->activation_range.item<double>());
    ratios.push_back(layer->weight_clip_ratio);
  }
  archive.write("activation_ranges", torch::tensor(ranges, torch::kDouble), /*is_buffer=*/true);
  archive.write("weight_clip_ratios", torch::tensor(ratios, torch::kDouble), /*is_buffer=*/true);
  const std::string temporary = path + ".tmp";
  archive.save_to(temporary);
  std::filesystem::rename(temporary, path);
}

QuantizedNetwork load_quantized_network(const std::string& path) {
  if (!std::filesystem::is_regular_file(path)) throw InputError(path + ": no such quantized network file");
  torch::serialize::InputArchive archive;
  try {
    archive.load_from(path);
  } catch (const c10::Error&) {
    throw InputError(path + ": not a quantized network written by apq quant finetune");
  }
  c10::IValue format;
  if (!archive.try_read("format", format) || !format.isString() || format.toStringRef() != kFormat) {
    throw InputError(path + ": not a quantized network written by apq quant finetune (format is not " +
                     std::string(kFormat) + ")");
  }
  QuantizedNetwork qnet;
  qnet.space_json = read_string(archive, path, "space");
  qnet.space = search::space_from_json(nlohmann::json::parse(qnet.space_json), path + " (space)");
  qnet.config = search::config_from_json(qnet.space, nlohmann::json::parse(read_string(archive, path, "config")),
                                         path + " (config)");
  qnet.network = Subnet(qnet.space, qnet.config);
  torch::Tensor ranges, ratios;
  try {
    torch::serialize::InputArchive network;
    archive.read("network", network);
    qnet.network->load(network);
    archive.read("activation_ranges", ranges, /*is_buffer=*/true);
    archive.read("weight_clip_ratios", ratios, /*is_buffer=*/true);
  } catch (const c10::Error&) {
    throw InputError(path + ": network tensors missing or of the wrong shape for its config");
  }
  const std::vector<LayerQuant*> layers = quant_layers(*qnet.network);
  if (ranges.numel() != static_cast<std::int64_t>(layers.size()) || ratios.numel() != ranges.numel()) {
    throw InputError(path + ": activation_ranges holds " + std::to_string(ranges.numel()) + " values for " +
                     std::to_string(layers.size()) + " quantizable layers");
  }
  for (std::size_t i = 0; i < layers.size(); ++i) {
    layers[i]->activation_range = torch::full({}, ranges[static_cast<std::int64_t>(i)].item<double>());
    layers[i]->weight_clip_ratio = ratios[static_cast<std::int64_t>(i)].item<double>();
    layers[i]->mode = QuantMode::On;
  }
  qnet.network->eval();
  return qnet;
}

}  // namespace apq::nn
