#include "nn/training/evaluation.h"

#include <torch/nn/functional/loss.h>

#include <algorithm>

#include "common/errors.h"
#include "nn/data/batch_iterator.h"
#include "nn/quant/layer_quant.h"
#include "nn/supernet/batch_norm_recalibration.h"

namespace apq::nn {

double top1_accuracy(ImageClassifier& network, const LabelledImages& data,
                     const ChannelStats& normalisation, std::int64_t limit) {
  const std::int64_t count = limit > 0 ? std::min(limit, data.size()) : data.size();
  if (count == 0) return 0.0;
  LabelledImages subset{data.images.narrow(0, 0, count), data.labels.narrow(0, 0, count)};
  BatchOptions options;
  options.batch_size = 100;
  BatchIterator batches(subset, normalisation, options);
  const bool was_training = network.is_training();
  network.eval();
  torch::NoGradGuard no_grad;
  const FrozenWeights frozen;
  std::int64_t correct = 0;
  while (auto batch = batches.next()) {
    correct += network.forward(batch->images).argmax(1).eq(batch->labels).sum().item<std::int64_t>();
  }
  network.train(was_training);
  return static_cast<double>(correct) / static_cast<double>(count);
}

torch::Tensor recalibration_set(const ImageDataset& data, std::int64_t count) {
  if (count <= 0) throw InputError("--recal-images must be positive, got " + std::to_string(count));
  return normalised_images(data.validation, data.normalisation, std::min(count, data.validation.size()));
}

double subnet_accuracy(SupernetImpl& supernet, const search::SubnetConfig& config,
                       const torch::Tensor& recalibration_images, const LabelledImages& data,
                       const ChannelStats& normalisation, std::int64_t limit) {
  supernet.set_active(config);
  recalibrate_batch_norm(supernet, recalibration_images);
  return top1_accuracy(supernet, data, normalisation, limit);
}

}  // namespace apq::nn
