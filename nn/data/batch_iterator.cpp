#include "nn/data/batch_iterator.h"

#include <algorithm>
#include <numeric>

#include "common/random.h"

namespace apq::nn {

BatchIterator::BatchIterator(LabelledImages data, ChannelStats normalisation, BatchOptions options)
    : data_{data.images.contiguous(), data.labels.contiguous()}, options_(options) {
  TORCH_CHECK(data_.images.dim() == 4 && data_.images.scalar_type() == torch::kUInt8,
              "BatchIterator needs uint8 images [N, C, H, W]");
  TORCH_CHECK(options_.batch_size > 0, "batch size must be positive");
  const auto channels = static_cast<std::size_t>(data_.images.size(1));
  TORCH_CHECK(normalisation.mean.size() == channels && normalisation.std.size() == channels,
              "normalisation has ", normalisation.mean.size(), " channels, images have ",
              channels);
  for (std::size_t c = 0; c < channels; ++c) {
    std::vector<float> table(256);
    for (int v = 0; v < 256; ++v) {
      table[v] = (static_cast<float>(v) / 255.0f - normalisation.mean[c]) / normalisation.std[c];
    }
    lookup_.push_back(std::move(table));
  }
  start_epoch(0);
}

void BatchIterator::start_epoch(std::int64_t epoch) {
  rng_.seed(mix_seed(options_.seed, static_cast<std::uint64_t>(epoch)));
  order_.resize(static_cast<std::size_t>(data_.size()));
  std::iota(order_.begin(), order_.end(), std::int64_t{0});
  if (options_.shuffle) {
    for (std::int64_t i = data_.size() - 1; i > 0; --i) {
      std::swap(order_[i], order_[random_index(rng_, static_cast<std::uint64_t>(i + 1))]);
    }
  }
  position_ = 0;
}

std::int64_t BatchIterator::images_per_epoch() const {
  return options_.drop_last ? batches_per_epoch() * options_.batch_size : data_.size();
}

std::int64_t BatchIterator::batches_per_epoch() const {
  return options_.drop_last ? data_.size() / options_.batch_size
                            : (data_.size() + options_.batch_size - 1) / options_.batch_size;
}

std::optional<Batch> BatchIterator::next() {
  const std::int64_t remaining = data_.size() - position_;
  const std::int64_t size = std::min(remaining, options_.batch_size);
  if (size <= 0 || (options_.drop_last && size < options_.batch_size)) return std::nullopt;

  const std::int64_t channels = data_.images.size(1);
  const std::int64_t height = data_.images.size(2);
  const std::int64_t width = data_.images.size(3);
  Batch batch;
  batch.images = torch::empty({size, channels, height, width}, torch::kFloat32);
  batch.labels = torch::empty({size}, torch::kInt64);
  float* images = batch.images.data_ptr<float>();
  std::int64_t* labels = batch.labels.data_ptr<std::int64_t>();
  const std::int64_t* all_labels = data_.labels.data_ptr<std::int64_t>();
  for (std::int64_t i = 0; i < size; ++i) {
    const std::int64_t row = order_[position_ + i];
    fill_image(row, images + i * channels * height * width);
    labels[i] = all_labels[row];
  }
  position_ += size;
  return batch;
}

void BatchIterator::fill_image(std::int64_t row, float* out) {
  const std::int64_t channels = data_.images.size(1);
  const std::int64_t height = data_.images.size(2);
  const std::int64_t width = data_.images.size(3);
  const std::int64_t pad = options_.augmentation.crop_padding;
  // Offsets of the crop window in the padded image, relative to the unpadded origin.
  std::int64_t dy = 0, dx = 0;
  if (pad > 0) {
    dy = static_cast<std::int64_t>(random_index(rng_, static_cast<std::uint64_t>(2 * pad + 1))) - pad;
    dx = static_cast<std::int64_t>(random_index(rng_, static_cast<std::uint64_t>(2 * pad + 1))) - pad;
  }
  const bool flip = options_.augmentation.horizontal_flip && (rng_() & 1u);

  const std::uint8_t* source = data_.images.data_ptr<std::uint8_t>() + row * channels * height * width;
  for (std::int64_t c = 0; c < channels; ++c) {
    const float* table = lookup_[c].data();
    const std::uint8_t* plane = source + c * height * width;
    float* out_plane = out + c * height * width;
    for (std::int64_t y = 0; y < height; ++y) {
      const std::int64_t sy = y + dy;
      float* out_row = out_plane + y * width;
      if (sy < 0 || sy >= height) {
        std::fill(out_row, out_row + width, table[0]);
        continue;
      }
      for (std::int64_t x = 0; x < width; ++x) {
        const std::int64_t sx = (flip ? width - 1 - x : x) + dx;
        out_row[x] = (sx < 0 || sx >= width) ? table[0] : table[plane[sy * width + sx]];
      }
    }
  }
}

torch::Tensor normalised_images(const LabelledImages& data, const ChannelStats& normalisation,
                                std::int64_t count) {
  const std::int64_t n = std::min(count, data.size());
  TORCH_CHECK(n > 0, "normalised_images needs at least one image");
  BatchOptions options;
  options.batch_size = n;
  BatchIterator iterator(select_rows(data, torch::arange(n, torch::kInt64)), normalisation, options);
  return iterator.next()->images;
}

}  // namespace apq::nn
