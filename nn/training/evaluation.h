#pragma once
#include <cstdint>

#include "nn/data/image_dataset.h"
#include "nn/supernet/image_classifier.h"
#include "nn/supernet/supernet.h"
#include "search/space/subnet_config.h"

namespace apq::nn {

// Top-1 accuracy (fraction, 0..1) of `network` in eval mode on the first `limit` images of
// `data` (all when limit <= 0). The network's training mode is restored afterwards.
double top1_accuracy(ImageClassifier& network, const LabelledImages& data,
                     const ChannelStats& normalisation, std::int64_t limit = 0);

// The first `count` validation images, normalised: the fixed BN recalibration set of the
// commands. Throws apq::InputError when count is not positive.
torch::Tensor recalibration_set(const ImageDataset& data, std::int64_t count);

// Once-for-all's evaluation of one sub-network: activate it, recalibrate the BN statistics it
// uses on `recalibration_images` (normalised), then top-1 on `data`. Changes only the running
// statistics of the BNs that sub-network runs.
double subnet_accuracy(SupernetImpl& supernet, const search::SubnetConfig& config,
                       const torch::Tensor& recalibration_images, const LabelledImages& data,
                       const ChannelStats& normalisation, std::int64_t limit = 0);

}  // namespace apq::nn
