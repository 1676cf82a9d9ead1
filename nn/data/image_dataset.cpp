#include "nn/data/image_dataset.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

#include "common/random.h"

namespace apq::nn {

LabelledImages select_rows(const LabelledImages& data, const torch::Tensor& indices) {
  return {data.images.index_select(0, indices), data.labels.index_select(0, indices)};
}

ChannelStats measure_channel_stats(const LabelledImages& data) {
  const std::int64_t channels = data.images.size(1);
  const std::int64_t per_image = data.images[0].numel() / channels;
  const auto images = data.images.contiguous();
  const std::uint8_t* pixels = images.data_ptr<std::uint8_t>();

  // Integer sums are exact; a float accumulator would drift over tens of millions of pixels.
  std::vector<std::uint64_t> sum(channels, 0), sum_sq(channels, 0);
  for (std::int64_t n = 0; n < data.size(); ++n) {
    for (std::int64_t c = 0; c < channels; ++c) {
      const std::uint8_t* plane = pixels + (n * channels + c) * per_image;
      std::uint64_t s = 0, sq = 0;
      for (std::int64_t i = 0; i < per_image; ++i) {
        s += plane[i];
        sq += std::uint64_t{plane[i]} * plane[i];
      }
      sum[c] += s;
      sum_sq[c] += sq;
    }
  }

  ChannelStats stats;
  const double count = static_cast<double>(data.size() * per_image);
  for (std::int64_t c = 0; c < channels; ++c) {
    const double mean = static_cast<double>(sum[c]) / count;
    const double mean_sq = static_cast<double>(sum_sq[c]) / count;
    stats.mean.push_back(static_cast<float>(mean / 255.0));
    stats.std.push_back(static_cast<float>(std::sqrt(std::max(0.0, mean_sq - mean * mean)) / 255.0));
  }
  return stats;
}

std::vector<std::int64_t> seeded_permutation(std::int64_t n, std::uint64_t seed) {
  std::vector<std::int64_t> order(static_cast<std::size_t>(n));
  std::iota(order.begin(), order.end(), std::int64_t{0});
  std::mt19937_64 rng(seed);
  for (std::int64_t i = n - 1; i > 0; --i) {
    const auto j = static_cast<std::int64_t>(random_index(rng, static_cast<std::uint64_t>(i + 1)));
    std::swap(order[i], order[j]);
  }
  return order;
}

void split_train_validation(const LabelledImages& all, std::int64_t validation_size,
                            std::uint64_t seed, LabelledImages& train,
                            LabelledImages& validation) {
  const std::vector<std::int64_t> order = seeded_permutation(all.size(), seed);
  std::vector<std::int64_t> validation_rows(order.begin(), order.begin() + validation_size);
  std::vector<std::int64_t> train_rows(order.begin() + validation_size, order.end());
  std::sort(validation_rows.begin(), validation_rows.end());
  std::sort(train_rows.begin(), train_rows.end());
  train = select_rows(all, torch::tensor(train_rows, torch::kInt64));
  validation = select_rows(all, torch::tensor(validation_rows, torch::kInt64));
}

}  // namespace apq::nn
