#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace apq::pipeline {

// What `apq pipeline` runs: the inputs (every path absolute once loaded) and the size of each
// step. The file format is in pipeline/README.md.
struct PipelineConfig {
  std::string space;
  std::string accel;
  std::string supernet;
  std::string predictor;       // quantization-aware
  std::string fp32_predictor;  // for the sequential strategy; may be empty without it
  std::string data_dir;        // Fashion-MNIST IDX folder
  std::vector<std::string> strategies;
  std::vector<double> latency_ms;         // explicit latency bounds, or
  std::vector<double> latency_quantiles;  // bounds at these quantiles of the validation networks' LUT latency
  int validate_samples = 100;
  std::uint64_t seed = 1;
  int population = 100;
  int generations = 500;
  int verify = 3;
  std::int64_t finetune_images = 4000;
  int rtl_images = 1;
};

// The shipped default configuration (configs/pipeline/default.json of the source tree).
std::string default_pipeline_config_path();

// Strict: an unknown key, a missing input file, a value out of range throws apq::InputError
// naming the file, the field and the value. Relative paths are taken from the file's folder.
PipelineConfig load_pipeline_config(const std::string& path);

nlohmann::ordered_json pipeline_config_json(const PipelineConfig& config);

}  // namespace apq::pipeline
