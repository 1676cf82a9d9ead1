#pragma once
#include <torch/types.h>

#include <cstdint>

#include "nn/data/image_dataset.h"
#include "nn/supernet/image_classifier.h"

namespace apq::nn {

// Post-training calibration: every layer's activation range is reset and set to the largest
// input magnitude it sees on `images` (unsigned inputs capped at 6), weight clipping ratios are
// KL-calibrated below 5 bits; the network is left with quantization on. The network's BN
// statistics must already be those it will run with (recalibrate first): they are folded.
void calibrate_quantization(ImageClassifier& network, const torch::Tensor& images,
                            std::int64_t batch_size = 500);

// Images for quantization-aware fine-tuning with the teacher's soft targets computed once:
// the teacher is fixed, so one forward pass over the pool serves every fine-tuning run.
struct FinetunePool {
  torch::Tensor images;        // normalised [N, C, H, W]
  torch::Tensor labels;        // [N]
  torch::Tensor soft_targets;  // teacher softmax [N, classes]
};

FinetunePool make_finetune_pool(ImageClassifier& teacher, const LabelledImages& train,
                                const ChannelStats& normalisation, std::int64_t count);

struct FinetuneOptions {
  std::int64_t images = 0;  // images seen in total (steps = images / batch_size, at least one)
  std::int64_t batch_size = 64;
  double learning_rate = 0.001;  // cosine to 0 over the steps, SGD nesterov momentum 0.9
  double label_smoothing = 0.1;
  double distill_weight = 1.0;
  std::uint64_t seed = 0;  // which pool images, in which order
};

// QAT: trains the weights, BN affine parameters and activation ranges of a calibrated network
// (quantization on, BN folded with frozen statistics) on pool images, with the label loss plus
// the distillation loss against the teacher's soft targets. Straight-through gradients.
void quantization_aware_finetune(ImageClassifier& network, const FinetunePool& pool,
                                 const FinetuneOptions& options);

}  // namespace apq::nn
