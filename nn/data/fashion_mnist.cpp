#include "nn/data/fashion_mnist.h"

#include <filesystem>

#include "common/errors.h"
#include "common/idx_file.h"

namespace apq::nn {
namespace {

constexpr std::int64_t kSide = 28;
constexpr std::int64_t kClasses = 10;
constexpr std::int64_t kTrainCount = 60000;
constexpr std::int64_t kTestCount = 10000;

std::string require_file(const std::string& dir, const std::string& name) {
  const std::string path = (std::filesystem::path(dir) / name).string();
  if (!std::filesystem::is_regular_file(path)) {
    throw InputError("Fashion-MNIST file " + path +
                     " not found; install the Debian package dataset-fashion-mnist "
                     "(scripts/install-deps.sh does)");
  }
  return path;
}

// Reads one images/labels pair of IDX files and checks it against the published sizes.
LabelledImages read_pair(const std::string& dir, const std::string& images_name,
                         const std::string& labels_name, std::int64_t expected_count) {
  const std::string images_path = require_file(dir, images_name);
  const std::string labels_path = require_file(dir, labels_name);
  IdxArray images = read_idx_gz(images_path, 3);
  IdxArray labels = read_idx_gz(labels_path, 1);

  if (images.dims != std::vector<std::int64_t>{expected_count, kSide, kSide}) {
    throw InputError("IDX file " + images_path + ": expected " + std::to_string(expected_count) +
                     " images of 28x28");
  }
  if (labels.dims[0] != expected_count) {
    throw InputError("IDX file " + labels_path + ": expected " + std::to_string(expected_count) +
                     " labels, found " + std::to_string(labels.dims[0]));
  }
  for (std::size_t i = 0; i < labels.values.size(); ++i) {
    if (labels.values[i] >= kClasses) {
      throw InputError("IDX file " + labels_path + ": label " + std::to_string(labels.values[i]) +
                       " at index " + std::to_string(i) + " is not a class 0-9");
    }
  }

  LabelledImages pair;
  pair.images = torch::from_blob(images.values.data(), {expected_count, 1, kSide, kSide},
                                 torch::kUInt8)
                    .clone();
  pair.labels = torch::from_blob(labels.values.data(), {expected_count}, torch::kUInt8)
                    .to(torch::kInt64);
  return pair;
}

}  // namespace

ImageDataset load_fashion_mnist(const std::string& requested_dir) {
  const std::string dir = requested_dir.empty() ? std::string(kFashionMnistDir) : requested_dir;
  if (!std::filesystem::is_directory(dir)) {
    throw InputError("Fashion-MNIST folder " + dir +
                     " not found; install the Debian package dataset-fashion-mnist "
                     "(scripts/install-deps.sh does)");
  }
  ImageDataset dataset;
  dataset.name = "fashion-mnist";
  dataset.num_classes = kClasses;
  const LabelledImages official_train =
      read_pair(dir, "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", kTrainCount);
  split_train_validation(official_train, kFashionMnistValidationSize, kFashionMnistSplitSeed,
                         dataset.train, dataset.validation);
  dataset.test =
      read_pair(dir, "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz", kTestCount);
  dataset.normalisation = measure_channel_stats(dataset.train);
  return dataset;
}

}  // namespace apq::nn
