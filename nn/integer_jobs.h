#pragma once
#include <cstdint>
#include <string>
#include <vector>

// The integer-network jobs as the CLI runs them (apq quant export / infer). Torch-free on
// purpose: the CLI includes this and nothing else from nn/quant/.
namespace apq::nn {

// Writes the integer network of a quantized network (qnet.pt) to `out_path` (atomically).
// The image normalisation comes from the data set in `data_dir` (Fashion-MNIST's training split).
struct IntegerExportRequest {
  std::string qnet_path;
  std::string out_path;
  std::string data_dir;
};
void export_integer_network_file(const IntegerExportRequest& request);

struct IntegerInferRequest {
  std::string qnet_path;
  std::string images_path;  // IDX bytes, gzip'd or not
  std::string labels_path;  // optional
  std::int64_t images = 0;  // the first N (0: all)
  std::string layer_outputs_path;  // non-empty: every layer's output (layer/layer_output_file.h)
  std::string data_dir;
};

struct IntegerInferResult {
  std::string network;
  std::vector<int> predicted;                       // integer pipeline, per image
  std::vector<std::vector<std::int32_t>> logits;    // integer pipeline, per image
  double logit_scale = 0;
  std::vector<int> fake_quant_predicted;            // the fake-quantized network (qnet.pt), per image
  std::vector<int> labels;                          // empty without a label file
  std::int64_t agreeing = 0;                        // images both predict the same class for
};

// The integer network of qnet.pt computed with LibTorch integer tensors, next to the
// fake-quantized network's predictions.
IntegerInferResult infer_integer(const IntegerInferRequest& request);

}  // namespace apq::nn
