#pragma once
#include <cstdint>

#include "nn/supernet/image_classifier.h"

namespace apq::nn {

// Once-for-all's BN recalibration: re-estimates the running statistics of every BN the
// network runs (for the supernet: of its active sub-network) from `images` (normalised,
// [N, C, H, W]; a few thousand held-out training images), running them through the network in
// training mode without gradients, in batches of `batch_size`. The new statistics are the
// batch statistics averaged over all batches, weighted by batch size (not a momentum average);
// parameters, and BNs the network does not run, are untouched.
// The network's training / eval mode is restored afterwards.
void recalibrate_batch_norm(ImageClassifier& network, const torch::Tensor& images,
                            std::int64_t batch_size = 256);

}  // namespace apq::nn
