#include <gtest/gtest.h>
#include <torch/torch.h>
#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "common/errors.h"
#include "nn/data/batch_iterator.h"
#include "nn/data/fashion_mnist.h"
#include "common/idx_file.h"

namespace apq::nn {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    path_ = fs::temp_directory_path() /
            ("apq_nn_data_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter_++));
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  static inline int counter_ = 0;
  fs::path path_;
};

std::vector<std::uint8_t> idx_bytes(int rank, const std::vector<std::uint32_t>& dims,
                                    const std::vector<std::uint8_t>& values,
                                    std::uint8_t type = 0x08) {
  std::vector<std::uint8_t> bytes{0, 0, type, static_cast<std::uint8_t>(rank)};
  for (std::uint32_t d : dims) {
    for (int shift = 24; shift >= 0; shift -= 8) bytes.push_back(static_cast<std::uint8_t>(d >> shift));
  }
  bytes.insert(bytes.end(), values.begin(), values.end());
  return bytes;
}

void write_gz(const std::string& path, const std::vector<std::uint8_t>& bytes) {
  gzFile file = gzopen(path.c_str(), "wb");
  ASSERT_NE(file, nullptr);
  ASSERT_EQ(gzwrite(file, bytes.data(), static_cast<unsigned>(bytes.size())),
            static_cast<int>(bytes.size()));
  gzclose(file);
}

void write_raw(const std::string& path, const std::vector<std::uint8_t>& bytes) {
  FILE* file = std::fopen(path.c_str(), "wb");
  ASSERT_NE(file, nullptr);
  std::fwrite(bytes.data(), 1, bytes.size(), file);
  std::fclose(file);
}

std::vector<std::uint8_t> counting_values(std::size_t n) {
  std::vector<std::uint8_t> values(n);
  for (std::size_t i = 0; i < n; ++i) values[i] = static_cast<std::uint8_t>(i * 7);
  return values;
}

template <typename Fn>
std::string input_error_message(Fn&& fn) {
  try {
    fn();
  } catch (const InputError& e) {
    return e.what();
  }
  return "<no InputError>";
}

TEST(IdxFile, ReadsDimsAndValues) {
  TempDir dir;
  const auto values = counting_values(2 * 3 * 4);
  write_gz(dir.file("a.gz"), idx_bytes(3, {2, 3, 4}, values));
  const IdxArray array = read_idx_gz(dir.file("a.gz"), 3);
  EXPECT_EQ(array.dims, (std::vector<std::int64_t>{2, 3, 4}));
  EXPECT_EQ(array.values, values);
}

TEST(IdxFile, RejectsBadMagic) {
  TempDir dir;
  write_gz(dir.file("a.gz"), idx_bytes(1, {3}, {1, 2, 3}, /*type=*/0x0d));
  EXPECT_NE(input_error_message([&] { read_idx_gz(dir.file("a.gz"), 1); }).find("magic"),
            std::string::npos);
}

TEST(IdxFile, RejectsWrongRank) {
  TempDir dir;
  write_gz(dir.file("a.gz"), idx_bytes(2, {1, 3}, {1, 2, 3}));
  EXPECT_NE(input_error_message([&] { read_idx_gz(dir.file("a.gz"), 3); }).find("rank 2"),
            std::string::npos);
}

TEST(IdxFile, RejectsTruncatedAndOverlongData) {
  TempDir dir;
  write_gz(dir.file("short.gz"), idx_bytes(1, {10}, counting_values(9)));
  EXPECT_NE(input_error_message([&] { read_idx_gz(dir.file("short.gz"), 1); }).find("truncated"),
            std::string::npos);
  write_gz(dir.file("long.gz"), idx_bytes(1, {10}, counting_values(11)));
  EXPECT_NE(input_error_message([&] { read_idx_gz(dir.file("long.gz"), 1); }).find("trailing"),
            std::string::npos);
}

TEST(IdxFile, RejectsCorruptGzip) {
  TempDir dir;
  write_gz(dir.file("good.gz"), idx_bytes(2, {50, 20}, counting_values(1000)));
  std::vector<std::uint8_t> bytes;
  {
    FILE* file = std::fopen(dir.file("good.gz").c_str(), "rb");
    int c;
    while ((c = std::fgetc(file)) != EOF) bytes.push_back(static_cast<std::uint8_t>(c));
    std::fclose(file);
  }
  // Keep the gzip header (10 bytes) so the stream is recognised, scramble the deflate data.
  for (std::size_t i = 12; i < bytes.size(); ++i) bytes[i] ^= 0xa5;
  write_raw(dir.file("corrupt.gz"), bytes);
  EXPECT_THROW(read_idx_gz(dir.file("corrupt.gz"), 2), InputError);
}

TEST(IdxFile, RejectsMissingFile) {
  TempDir dir;
  EXPECT_THROW(read_idx_gz(dir.file("absent.gz"), 1), InputError);
}

TEST(FashionMnist, MissingFolderNamesThePackage) {
  const std::string message =
      input_error_message([] { load_fashion_mnist("/nonexistent/fashion-mnist"); });
  EXPECT_NE(message.find("dataset-fashion-mnist"), std::string::npos) << message;
}

TEST(FashionMnist, MissingFileNamesThePackage) {
  TempDir dir;
  const std::string message = input_error_message([&] { load_fashion_mnist(dir.file("")); });
  EXPECT_NE(message.find("train-images-idx3-ubyte.gz"), std::string::npos) << message;
  EXPECT_NE(message.find("dataset-fashion-mnist"), std::string::npos) << message;
}

TEST(Split, PermutationIsSeededAndComplete) {
  const auto a = seeded_permutation(1000, 42);
  EXPECT_EQ(a, seeded_permutation(1000, 42));
  EXPECT_NE(a, seeded_permutation(1000, 43));
  EXPECT_EQ(std::set<std::int64_t>(a.begin(), a.end()).size(), 1000u);
  // The same on every platform: the split of the real data set must never move.
  EXPECT_EQ(std::vector<std::int64_t>(a.begin(), a.begin() + 5),
            (std::vector<std::int64_t>{553, 298, 898, 490, 88}));
}

TEST(Split, DisjointAndOrdered) {
  LabelledImages all{torch::arange(100, torch::kInt64).to(torch::kUInt8).view({100, 1, 1, 1}),
                     torch::arange(100, torch::kInt64)};
  LabelledImages train, validation;
  split_train_validation(all, 30, 7, train, validation);
  EXPECT_EQ(train.size(), 70);
  EXPECT_EQ(validation.size(), 30);
  const auto joined = torch::cat({train.labels, validation.labels});
  EXPECT_TRUE(std::get<0>(joined.sort()).equal(torch::arange(100, torch::kInt64)));
  EXPECT_TRUE(std::get<0>(train.labels.sort()).equal(train.labels));
  EXPECT_TRUE(train.images.view({-1}).to(torch::kInt64).equal(train.labels));
}

class FashionMnistData : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { dataset_ = new ImageDataset(load_fashion_mnist()); }
  static void TearDownTestSuite() {
    delete dataset_;
    dataset_ = nullptr;
  }
  static inline ImageDataset* dataset_ = nullptr;
};

TEST_F(FashionMnistData, SplitSizesAndShapes) {
  EXPECT_EQ(dataset_->num_classes, 10);
  EXPECT_EQ(dataset_->train.size(), 50000);
  EXPECT_EQ(dataset_->validation.size(), 10000);
  EXPECT_EQ(dataset_->test.size(), 10000);
  EXPECT_EQ(dataset_->train.images.sizes(), (torch::IntArrayRef{50000, 1, 28, 28}));
  EXPECT_EQ(dataset_->test.images.scalar_type(), torch::kUInt8);
  EXPECT_EQ(dataset_->test.labels.scalar_type(), torch::kInt64);
  // Fashion-MNIST is balanced: 6,000 training images per class, split between train and val.
  const auto counts = torch::bincount(torch::cat({dataset_->train.labels,
                                                  dataset_->validation.labels}));
  EXPECT_TRUE(counts.equal(torch::full({10}, 6000, torch::kInt64)));
}

TEST_F(FashionMnistData, NormalisationIsMeasuredOnTrain) {
  ASSERT_EQ(dataset_->normalisation.mean.size(), 1u);
  EXPECT_NEAR(dataset_->normalisation.mean[0], 0.286, 0.005);
  EXPECT_NEAR(dataset_->normalisation.std[0], 0.353, 0.005);
  // Reference sums in chunks: one float64 copy of all 39M pixels would take 300 MB.
  double sum = 0, sum_sq = 0;
  const auto& images = dataset_->train.images;
  for (std::int64_t start = 0; start < images.size(0); start += 5000) {
    const auto chunk = images.narrow(0, start, std::min<std::int64_t>(5000, images.size(0) - start))
                           .to(torch::kFloat64) / 255.0;
    sum += chunk.sum().item<double>();
    sum_sq += chunk.square().sum().item<double>();
  }
  const double count = static_cast<double>(images.numel());
  const double mean = sum / count;
  EXPECT_NEAR(dataset_->normalisation.mean[0], mean, 1e-5);
  EXPECT_NEAR(dataset_->normalisation.std[0], std::sqrt(sum_sq / count - mean * mean), 1e-5);
}

TEST_F(FashionMnistData, NormalisedBatchesHaveZeroMeanUnitStd) {
  BatchIterator batches(dataset_->train, dataset_->normalisation, {2048, true, false, {}, 1});
  const Batch batch = *batches.next();
  EXPECT_NEAR(batch.images.mean().item<double>(), 0.0, 0.05);
  EXPECT_NEAR(batch.images.std().item<double>(), 1.0, 0.05);
}

LabelledImages tiny_images() {
  // Three 1×4×4 images with distinct pixel values; label = index.
  return {torch::arange(48, torch::kInt64).add(10).to(torch::kUInt8).view({3, 1, 4, 4}),
          torch::arange(3, torch::kInt64)};
}

const ChannelStats kIdentityScale{{0.0f}, {1.0f / 255.0f}};  // normalised value = byte value

TEST(BatchIterator, PlainBatchesAreTheImagesInOrder) {
  BatchIterator batches(tiny_images(), kIdentityScale, {2, false, false, {}, 0});
  EXPECT_EQ(batches.batches_per_epoch(), 2);
  const Batch first = *batches.next();
  const Batch second = *batches.next();
  EXPECT_FALSE(batches.next().has_value());
  EXPECT_TRUE(torch::allclose(first.images, tiny_images().images.slice(0, 0, 2).to(torch::kFloat32)));
  EXPECT_EQ(second.images.size(0), 1);
  EXPECT_EQ(second.labels.item<std::int64_t>(), 2);
}

TEST(BatchIterator, DropLastSkipsThePartialBatch) {
  BatchIterator batches(tiny_images(), kIdentityScale, {2, false, true, {}, 0});
  EXPECT_EQ(batches.batches_per_epoch(), 1);
  EXPECT_EQ(batches.images_per_epoch(), 2);
  ASSERT_TRUE(batches.next().has_value());
  EXPECT_FALSE(batches.next().has_value());
}

TEST(BatchIterator, ShuffleIsSeededPerEpoch) {
  LabelledImages many{torch::zeros({64, 1, 2, 2}, torch::kUInt8), torch::arange(64, torch::kInt64)};
  BatchIterator a(many, kIdentityScale, {64, true, false, {}, 5});
  BatchIterator b(many, kIdentityScale, {64, true, false, {}, 5});
  const auto first_a = a.next()->labels;
  EXPECT_TRUE(first_a.equal(b.next()->labels));
  EXPECT_FALSE(first_a.equal(torch::arange(64, torch::kInt64)));
  a.start_epoch(1);
  const auto second_a = a.next()->labels;
  EXPECT_FALSE(second_a.equal(first_a));
  b.start_epoch(1);
  EXPECT_TRUE(second_a.equal(b.next()->labels));
}

TEST(BatchIterator, AugmentationIsACropOfThePaddedImageMaybeFlipped) {
  const LabelledImages images = tiny_images();
  const std::int64_t pad = 1;
  BatchIterator batches(images, kIdentityScale, {3, true, false, {pad, true}, 9});
  std::set<std::pair<int, int>> seen_offsets;
  int flips = 0;
  for (int epoch = 0; epoch < 20; ++epoch) {
    batches.start_epoch(epoch);
    const Batch batch = *batches.next();
    for (std::int64_t i = 0; i < 3; ++i) {
      const auto original = images.images[batch.labels[i].item<std::int64_t>()].to(torch::kFloat32);
      const auto padded = torch::constant_pad_nd(original, {pad, pad, pad, pad}, 0);
      bool matched = false;
      for (int dy = 0; dy <= 2 * pad && !matched; ++dy) {
        for (int dx = 0; dx <= 2 * pad && !matched; ++dx) {
          const auto crop = padded.slice(1, dy, dy + 4).slice(2, dx, dx + 4);
          for (bool flip : {false, true}) {
            if (torch::allclose(batch.images[i], flip ? crop.flip({2}) : crop, 0, 1e-3)) {
              matched = true;
              seen_offsets.insert({dy, dx});
              flips += flip;
              break;
            }
          }
        }
      }
      EXPECT_TRUE(matched) << "epoch " << epoch << " image " << i;
    }
  }
  EXPECT_EQ(seen_offsets.size(), 9u);
  EXPECT_GT(flips, 10);
  EXPECT_LT(flips, 50);
}

TEST(BatchIterator, NormalisedImagesTakesTheFirstRows) {
  const auto images = normalised_images(tiny_images(), kIdentityScale, 2);
  EXPECT_TRUE(torch::allclose(images, tiny_images().images.slice(0, 0, 2).to(torch::kFloat32)));
}

}  // namespace
}  // namespace apq::nn
