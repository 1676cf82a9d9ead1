// apq quant export / infer: the integer network of a quantized sub-network, and its LibTorch
// integer reference.
#include <torch/torch.h>

#include "common/atomic_file.h"
#include "common/errors.h"
#include "common/progress.h"
#include "layer/image_set.h"
#include "layer/integer_network_file.h"
#include "layer/layer_output_file.h"
#include "nn/data/batch_iterator.h"
#include "nn/data/fashion_mnist.h"
#include "nn/integer_jobs.h"
#include "nn/quant/integer_export.h"
#include "nn/quant/integer_reference.h"
#include "nn/quant/layer_quant.h"

namespace apq::nn {
namespace {

constexpr std::int64_t kBatch = 256;

IntegerNetwork exported(QuantizedNetwork& qnet, const std::string& data_dir) {
  return export_integer_network(qnet, load_fashion_mnist(data_dir).normalisation);
}

// The image file as the integer network reads it, as tensors: uint8 [N][C][H][W] and int64 labels
// (-1 without a label file).
LabelledImages load_images(const IntegerInferRequest& request, const IntegerNetwork& network) {
  ImageSet set = load_image_set(request.images_path, request.labels_path, network, request.images);
  LabelledImages out;
  out.images = torch::from_blob(set.pixels.data(), {set.count, set.channels, set.size, set.size}, torch::kUInt8).clone();
  out.labels = set.labels.empty()
                   ? torch::full({set.count}, -1, torch::kLong)
                   : torch::tensor(std::vector<std::int64_t>(set.labels.begin(), set.labels.end()), torch::kLong);
  return out;
}

}  // namespace

void export_integer_network_file(const IntegerExportRequest& request) {
  QuantizedNetwork qnet = load_quantized_network(request.qnet_path);
  write_file_atomically(request.out_path, integer_network_to_json(exported(qnet, request.data_dir)));
}

IntegerInferResult infer_integer(const IntegerInferRequest& request) {
  QuantizedNetwork qnet = load_quantized_network(request.qnet_path);
  const ImageDataset data = load_fashion_mnist(request.data_dir);
  const IntegerNetwork network = export_integer_network(qnet, data.normalisation);
  const LabelledImages images = load_images(request, network);
  const std::int64_t count = images.size();
  std::unique_ptr<LayerOutputWriter> writer;
  if (!request.layer_outputs_path.empty())
    writer = std::make_unique<LayerOutputWriter>(request.layer_outputs_path, network, count);

  IntegerInferResult result;
  result.network = network.name;
  result.logit_scale = network.layers.back().output_scale;
  torch::NoGradGuard no_grad;
  const FrozenWeights frozen;
  qnet.network->eval();
  std::vector<torch::Tensor> fake_classes;
  Progress progress("images (LibTorch integer reference)", count, "images");
  for (std::int64_t begin = 0; begin < count; begin += kBatch) {
    const std::int64_t size = std::min(kBatch, count - begin);
    const LabelledImages batch{images.images.narrow(0, begin, size), images.labels.narrow(0, begin, size)};
    fake_classes.push_back(qnet.network->forward(normalised_images(batch, data.normalisation, size)).argmax(1));
    const std::vector<torch::Tensor> outputs = integer_reference(network, batch.images);
    const torch::Tensor logits = outputs.back().reshape({size, -1}).contiguous();
    for (std::int64_t i = 0; i < size; ++i) {
      const torch::Tensor row = logits[i];
      result.logits.emplace_back(row.data_ptr<std::int32_t>(), row.data_ptr<std::int32_t>() + row.numel());
      // The first maximum, as the accelerator model picks it.
      const auto& values = result.logits.back();
      result.predicted.push_back(static_cast<int>(std::max_element(values.begin(), values.end()) - values.begin()));
      if (writer) {
        std::vector<std::vector<std::int32_t>> per_layer;
        for (const torch::Tensor& layer : outputs) {
          const torch::Tensor one = layer[i].contiguous();
          per_layer.emplace_back(one.data_ptr<std::int32_t>(), one.data_ptr<std::int32_t>() + one.numel());
        }
        writer->write(per_layer);
      }
    }
    progress.advance(size);
  }
  progress.finish();
  if (writer) writer->commit();
  const torch::Tensor fake = count > 0 ? torch::cat(fake_classes).contiguous() : torch::zeros({0}, torch::kLong);
  for (std::int64_t i = 0; i < count; ++i) {
    result.fake_quant_predicted.push_back(static_cast<int>(fake[i].item<std::int64_t>()));
    if (!request.labels_path.empty()) result.labels.push_back(static_cast<int>(images.labels[i].item<std::int64_t>()));
    if (result.fake_quant_predicted.back() == result.predicted[static_cast<std::size_t>(i)]) ++result.agreeing;
  }
  return result;
}

}  // namespace apq::nn
