#pragma once
#include <cstdint>
#include <string>

#include "nn/data/image_dataset.h"

namespace apq::nn {

// Where Debian's `dataset-fashion-mnist` package installs the gzip'd IDX files.
inline constexpr const char* kFashionMnistDir = "/usr/share/datasets/fashion-mnist";

// The fixed split of the 60,000 official training images: 50,000 train, 10,000 validation.
inline constexpr std::int64_t kFashionMnistValidationSize = 10000;
inline constexpr std::uint64_t kFashionMnistSplitSeed = 0x0fa5410e;

// Loads Fashion-MNIST from `dir`: train / validation from the official training files by the
// fixed split, test = the official 10,000 test images; 1×28×28 uint8 images, 10 classes.
// Throws apq::InputError when the files are missing (saying which package installs them) or
// malformed.
// An empty `dir` means kFashionMnistDir (the commands' --data-dir default).
ImageDataset load_fashion_mnist(const std::string& dir = kFashionMnistDir);

}  // namespace apq::nn
