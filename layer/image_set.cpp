#include "layer/image_set.h"

#include "common/errors.h"
#include "common/idx_file.h"

namespace apq {

const std::uint8_t* ImageSet::image(std::int64_t index) const {
  return pixels.data() + static_cast<std::size_t>(index) * channels * size * size;
}

ImageSet load_image_set(const std::string& images_path, const std::string& labels_path,
                        const IntegerNetwork& network, std::int64_t limit) {
  const int rank = network.input_channels == 1 ? 3 : 4;
  IdxArray images = read_idx_gz(images_path, rank);
  const std::int64_t channels = rank == 3 ? 1 : images.dims[1];
  const std::int64_t height = images.dims[static_cast<std::size_t>(rank - 2)];
  const std::int64_t width = images.dims[static_cast<std::size_t>(rank - 1)];
  if (channels != network.input_channels || height != network.input_size || width != network.input_size)
    throw InputError("image file " + images_path + ": images are " + std::to_string(channels) + " x " +
                     std::to_string(height) + " x " + std::to_string(width) + ", the network " + network.name +
                     " reads " + std::to_string(network.input_channels) + " x " + std::to_string(network.input_size) +
                     " x " + std::to_string(network.input_size));
  ImageSet set;
  set.channels = network.input_channels;
  set.size = network.input_size;
  set.count = limit > 0 ? std::min(limit, images.dims[0]) : images.dims[0];
  images.values.resize(static_cast<std::size_t>(set.count * channels * height * width));
  set.pixels = std::move(images.values);
  if (!labels_path.empty()) {
    const IdxArray labels = read_idx_gz(labels_path, 1);
    if (labels.dims[0] < set.count)
      throw InputError("label file " + labels_path + ": " + std::to_string(labels.dims[0]) + " labels for " +
                       std::to_string(set.count) + " images");
    set.labels.assign(labels.values.begin(), labels.values.begin() + set.count);
  }
  return set;
}

}  // namespace apq
