#pragma once
#include <torch/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace apq::nn {

// Images with their class labels: `images` is uint8 [N, C, H, W] (raw pixel values, kept as
// bytes so a whole data set stays small in memory), `labels` is int64 [N].
struct LabelledImages {
  torch::Tensor images;
  torch::Tensor labels;

  std::int64_t size() const { return labels.size(0); }
};

// Per-channel mean and standard deviation of pixel values scaled to [0, 1].
struct ChannelStats {
  std::vector<float> mean;
  std::vector<float> std;
};

// A classification data set, as every data source provides it. `validation` is held out of
// `train` (for BN recalibration and predictor data); `test` is never used for either.
// `normalisation` is measured on `train`.
struct ImageDataset {
  std::string name;
  std::int64_t num_classes = 0;
  LabelledImages train;
  LabelledImages validation;
  LabelledImages test;
  ChannelStats normalisation;
};

// The rows of `data` at `indices` (int64), in that order.
LabelledImages select_rows(const LabelledImages& data, const torch::Tensor& indices);

// Mean and standard deviation per channel over all images and pixels of `data`.
ChannelStats measure_channel_stats(const LabelledImages& data);

// A seeded permutation of 0..n-1 that is the same on every platform (it does not depend on
// the standard library's distributions).
std::vector<std::int64_t> seeded_permutation(std::int64_t n, std::uint64_t seed);

// Splits `all` into `train` and `validation` (of `validation_size` rows) by a seeded
// permutation. Both keep the original order of their rows.
void split_train_validation(const LabelledImages& all, std::int64_t validation_size,
                            std::uint64_t seed, LabelledImages& train,
                            LabelledImages& validation);

}  // namespace apq::nn
