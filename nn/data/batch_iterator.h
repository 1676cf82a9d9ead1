#pragma once
#include <cstdint>
#include <optional>
#include <random>
#include <vector>

#include "nn/data/image_dataset.h"

namespace apq::nn {

// Training-time augmentation: a random crop of the image padded by `crop_padding` zero pixels
// on each side (0 = no crop), then a horizontal flip with probability 1/2.
struct Augmentation {
  std::int64_t crop_padding = 0;
  bool horizontal_flip = false;
};

// The augmentation of the CIFAR / Fashion-MNIST recipes: pad 4, random crop, random flip.
inline constexpr Augmentation kCropAndFlip{4, true};

struct BatchOptions {
  std::int64_t batch_size = 128;
  bool shuffle = false;
  bool drop_last = false;  // drop a final partial batch (keeps BN batch statistics sound)
  Augmentation augmentation;
  std::uint64_t seed = 0;
};

// Normalised float images [B, C, H, W] and int64 labels [B].
struct Batch {
  torch::Tensor images;
  torch::Tensor labels;
};

// Walks a LabelledImages in batches, building each batch tensor in one pass over the bytes
// (gather, augment, normalise together) rather than with per-sample tensor operations. The
// order and the augmentation of epoch e depend only on (seed, e), so a run resumed at an epoch
// sees the same data as an uninterrupted one.
class BatchIterator {
 public:
  BatchIterator(LabelledImages data, ChannelStats normalisation, BatchOptions options);

  // Restarts at the beginning of epoch `epoch` (reshuffled when options.shuffle).
  void start_epoch(std::int64_t epoch);
  // The next batch of the current epoch, or nothing at its end.
  std::optional<Batch> next();

  std::int64_t batches_per_epoch() const;
  std::int64_t images_per_epoch() const;
  const LabelledImages& data() const { return data_; }

 private:
  void fill_image(std::int64_t row, float* out);

  LabelledImages data_;
  BatchOptions options_;
  std::vector<std::vector<float>> lookup_;  // per channel: normalised value of each byte value
  std::vector<std::int64_t> order_;
  std::int64_t position_ = 0;
  std::mt19937_64 rng_;
};

// The first `count` images of `data` (in its stored order), normalised, as one float tensor:
// the fixed image set for BN recalibration.
torch::Tensor normalised_images(const LabelledImages& data, const ChannelStats& normalisation,
                                std::int64_t count);

}  // namespace apq::nn
