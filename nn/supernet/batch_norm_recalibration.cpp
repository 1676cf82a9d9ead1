#include "nn/supernet/batch_norm_recalibration.h"

#include <algorithm>
#include <vector>

#include "nn/supernet/dynamic_batch_norm.h"

namespace apq::nn {
namespace {

// Puts the network in training mode with its BNs averaging statistics, and restores both even
// when a forward throws.
class RecalibrationScope {
 public:
  explicit RecalibrationScope(ImageClassifier& network)
      : network_(network), was_training_(network.is_training()) {
    for (const auto& module : network.modules(/*include_self=*/false)) {
      if (auto* bn = module->as<DynamicBatchNormImpl>()) norms_.push_back(bn);
    }
    network_.train(true);
    for (DynamicBatchNormImpl* bn : norms_) bn->begin_recalibration();
  }
  ~RecalibrationScope() {
    for (DynamicBatchNormImpl* bn : norms_) bn->end_recalibration();
    network_.train(was_training_);
  }
  RecalibrationScope(const RecalibrationScope&) = delete;
  RecalibrationScope& operator=(const RecalibrationScope&) = delete;

 private:
  ImageClassifier& network_;
  bool was_training_;
  std::vector<DynamicBatchNormImpl*> norms_;
};

}  // namespace

void recalibrate_batch_norm(ImageClassifier& network, const torch::Tensor& images,
                            std::int64_t batch_size) {
  TORCH_CHECK(images.size(0) > 0 && batch_size > 0, "BN recalibration needs images and a batch size");
  RecalibrationScope scope(network);
  torch::NoGradGuard no_grad;
  for (std::int64_t start = 0; start < images.size(0); start += batch_size) {
    network.forward(images.narrow(0, start, std::min(batch_size, images.size(0) - start)));
  }
}

}  // namespace apq::nn
