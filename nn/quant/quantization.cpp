#include "nn/quant/quantization.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "nn/data/batch_iterator.h"
#include "nn/quant/qat_trainer.h"
#include "nn/quant/quantizable.h"

namespace apq::nn {

void calibrate_quantization(ImageClassifier& network, const torch::Tensor& images, std::int64_t batch_size) {
  TORCH_CHECK(images.size(0) > 0 && batch_size > 0, "quantization calibration needs images");
  const bool was_training = network.is_training();
  network.eval();
  for (LayerQuant* layer : quant_layers(network)) {
    layer->activation_range = torch::zeros({});
    layer->weight_clip_ratio = 1.0;
    layer->mode = QuantMode::Calibrate;
  }
  {
    torch::NoGradGuard no_grad;
    for (std::int64_t start = 0; start < images.size(0); start += batch_size) {
      network.forward(images.narrow(0, start, std::min(batch_size, images.size(0) - start)));
    }
  }
  set_quant_mode(network, QuantMode::On);
  network.train(was_training);
}

FinetunePool make_finetune_pool(ImageClassifier& teacher, const LabelledImages& train,
                                const ChannelStats& normalisation, std::int64_t count) {
  FinetunePool pool;
  const std::int64_t n = std::min(count, train.size());
  pool.images = normalised_images(train, normalisation, n);
  pool.labels = train.labels.narrow(0, 0, n).clone();
  const bool was_training = teacher.is_training();
  teacher.eval();
  std::vector<torch::Tensor> targets;
  {
    torch::NoGradGuard no_grad;
    for (std::int64_t start = 0; start < n; start += 500) {
      targets.push_back(torch::softmax(teacher.forward(pool.images.narrow(0, start, std::min<std::int64_t>(500, n - start))), 1));
    }
  }
  pool.soft_targets = torch::cat(targets);
  teacher.train(was_training);
  return pool;
}

void quantization_aware_finetune(ImageClassifier& network, const FinetunePool& pool,
                                 const FinetuneOptions& options) {
  if (options.images <= 0) return;
  const std::int64_t batch = std::min(options.batch_size, pool.images.size(0));
  const std::int64_t steps = std::max<std::int64_t>(1, options.images / batch);
  QatTrainer trainer(network, options.label_smoothing, options.distill_weight);
  const std::vector<std::int64_t> order = seeded_permutation(pool.images.size(0), options.seed);
  const torch::Tensor order_tensor = torch::tensor(order, torch::kLong);
  std::int64_t position = 0;
  for (std::int64_t step = 0; step < steps; ++step) {
    if (position + batch > pool.images.size(0)) position = 0;
    const torch::Tensor rows = order_tensor.narrow(0, position, batch);
    position += batch;
    const double lr = 0.5 * options.learning_rate * (1.0 + std::cos(M_PI * static_cast<double>(step) / steps));
    trainer.step(pool.images.index_select(0, rows), pool.labels.index_select(0, rows),
                 pool.soft_targets.index_select(0, rows), lr);
  }
  trainer.finish();
}

}  // namespace apq::nn
