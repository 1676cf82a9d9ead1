#pragma once
#include <cstdint>
#include <string>

// The quantization jobs as the CLI runs them. Torch-free on purpose: the CLI includes this and
// nothing else from nn/quant/.
namespace apq::nn {

// How one (architecture, policy) is quantized: BN recalibration of the sub-network on
// validation images, post-training calibration of activation ranges and weight clipping, then
// optionally quantization-aware fine-tuning on training images with the supernet's largest
// network as teacher.
struct QuantRecipe {
  std::int64_t recalibration_images = 2000;
  std::int64_t calibration_images = 500;
  std::int64_t finetune_images = 0;  // 0: post-training quantization only
  std::int64_t finetune_batch = 64;
  double learning_rate = 0.001;
  std::int64_t pool_images = 10000;  // training images the fine-tuning runs draw from
};

struct QuantEvalRequest {
  std::string checkpoint;
  std::string space_path;  // non-empty: bit choices from this space file (same network as the checkpoint's)
  std::string config_path;
  QuantRecipe recipe;
  std::uint64_t seed = 0;
  std::string out_path;  // non-empty: write the quantized network (qnet.pt) there
  bool skip_fp32 = false;  // do not measure the fp32 accuracy of the architecture
  std::string data_dir;
};

struct QuantEvalResult {
  std::string space_name;
  std::string config_json;     // APQ spec
  double fp32_top1 = -1;       // test top-1 of the architecture in fp32 (-1: not measured)
  double ptq_top1 = 0;         // after calibration, before fine-tuning
  double top1 = 0;             // the final network's test top-1 (= ptq_top1 without fine-tuning)
  std::int64_t test_images = 0;
  std::int64_t finetune_images = 0;
};

// Test top-1 of one quantized sub-network of a trained supernet; writes qnet.pt if asked.
QuantEvalResult evaluate_quantized(const QuantEvalRequest& request);

enum class QuantSampleKind { Random, FixedArch };

struct QuantSampleRequest {
  std::string checkpoint;
  std::string space_path;  // non-empty: bit choices from this space file (same network as the checkpoint's)
  std::int64_t count = 0;
  std::uint64_t seed = 0;
  QuantSampleKind kind = QuantSampleKind::Random;
  std::int64_t policies_per_arch = 10;  // FixedArch: consecutive lines sharing one architecture
  std::string out_path;
  QuantRecipe recipe;
  std::int64_t validation_images = 0;  // 0: the whole validation part
  std::string data_dir;
};

// The quantization-aware predictor's data: `count` seeded (architecture, policy) pairs, each
// quantized by the recipe and measured on the validation part, appended one JSON line each
// ({"config", "accuracy", "finetune_images"}); resumes after the lines already written and
// continues the same stream (line i depends only on seed and i).
void sample_quantized(const QuantSampleRequest& request);

}  // namespace apq::nn
