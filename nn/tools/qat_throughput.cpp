// Issue 12's QAT throughput benchmark, C++ side: images/s of one quantization-aware training
// step (QatTrainer::step, the step of quantization_aware_finetune: BN folded with frozen
// statistics, per-channel weight and learnable-range activation fake quantization, smoothed
// label loss + distillation, backward, nesterov SGD) of a trained supernet's largest
// sub-network at a fixed mixed policy, prepared as `apq quant finetune` prepares it: BN
// recalibrated in fp32 on 2,000 validation images, extracted, quantization calibrated on 500 of
// them; the soft targets are the fp32 largest network's (the recipe's teacher), the batch the
// first training images. The median of the timed steps; ends with one JSON line.
//
// Before timing, the network takes one reference step on the batch. --save DIR writes the
// checkpoint's space (space.json), the calibrated network (qat_subnet.pt), per quantizable layer
// (forward order) its bits, input signedness, activation range and weight clipping ratio
// (qat_layers.pt), and the batch, its labels and soft targets, the logits before and after that
// step, its loss and the activation ranges after it (qat_step.pt), and the network after it
// (qat_subnet_stepped.pt). The PyTorch side (scripts/bench/qat_throughput.py) rebuilds
// the network from these and checks that it computes the same logits and takes the same step
// before timing its own.
//
//   apq_nn_qat_throughput [--save DIR] [--data-dir DIR] <checkpoint.pt> [batch = 64] [steps = 20]
//                         [threads = hardware]
#include <torch/serialize/output-archive.h>
#include <torch/torch.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "common/errors.h"
#include "nn/data/fashion_mnist.h"
#include "nn/process_memory.h"
#include "nn/quant/qat_trainer.h"
#include "nn/quant/quantizable.h"
#include "nn/quant/quantization.h"
#include "nn/supernet/batch_norm_recalibration.h"
#include "nn/tools/step_cost.h"
#include "nn/torch_threads.h"
#include "nn/training/checkpoint.h"
#include "nn/training/evaluation.h"
#include "search/space/config_sampling.h"

namespace {

using apq::nn::LayerQuant;

// The recipe's (nn::QuantRecipe / FinetuneOptions defaults).
constexpr std::int64_t kRecalibrationImages = 2000;
constexpr std::int64_t kCalibrationImages = 500;
constexpr double kLearningRate = 0.005;
constexpr double kLabelSmoothing = 0.1;
constexpr double kDistillWeight = 1.0;

// Alternating per block, so that neighbouring layers run at different bits and every bit-width
// of the space (4, 6, 8) and the KL weight clipping (below 5 bits) is exercised: even blocks
// pointwise 8 bits, depthwise 4; odd blocks pointwise 4, depthwise 6 (weights and activations
// alike). Head and tail keep the space's fixed bits. scripts/bench/qat_throughput.py builds the
// same policy and checks it against the saved bits.
constexpr const char* kPolicy = "even blocks pw w8a8 dw w4a4, odd blocks pw w4a4 dw w6a6";

apq::search::SubnetConfig mixed_policy(apq::search::SubnetConfig config) {
  for (std::size_t b = 0; b < config.blocks.size(); ++b) {
    auto& block = config.blocks[b];
    const bool even = b % 2 == 0;
    block.pw_w_bits = block.pw_a_bits = even ? 8 : 4;
    block.dw_w_bits = block.dw_a_bits = even ? 4 : 6;
  }
  return config;
}

std::int64_t parameter_count(const torch::nn::Module& network) {
  std::int64_t count = 0;
  for (const auto& p : network.parameters()) count += p.numel();
  return count;
}

// Per-layer figures as a tensor, in quant_layers order.
template <typename Field>
torch::Tensor layer_tensor(const std::vector<LayerQuant*>& layers, Field field) {
  std::vector<double> values;
  for (const LayerQuant* layer : layers) values.push_back(field(*layer));
  return torch::tensor(values, torch::kDouble);
}

// The network as calibrated, and its layers' quantization (before the reference step).
void save_network(const std::string& space_json, apq::nn::Subnet& network, const std::vector<LayerQuant*>& layers,
                  const std::filesystem::path& directory) {
  std::filesystem::create_directories(directory);
  std::ofstream(directory / "space.json") << space_json << "\n";
  torch::save(network, (directory / "qat_subnet.pt").string());
  torch::serialize::OutputArchive archive;
  auto write = [&](const char* key, const torch::Tensor& value) { archive.write(key, value, /*is_buffer=*/true); };
  write("weight_bits", layer_tensor(layers, [](const LayerQuant& l) { return l.weight_bits; }));
  write("activation_bits", layer_tensor(layers, [](const LayerQuant& l) { return l.activation_bits; }));
  write("signed_input", layer_tensor(layers, [](const LayerQuant& l) { return l.signed_input ? 1 : 0; }));
  write("activation_range", layer_tensor(layers, [](const LayerQuant& l) { return l.activation_range.item<double>(); }));
  write("weight_clip_ratio", layer_tensor(layers, [](const LayerQuant& l) { return l.weight_clip_ratio; }));
  archive.save_to((directory / "qat_layers.pt").string());
}

// The batch and what the reference step made of it.
void save_step(apq::nn::Subnet& network, const std::vector<LayerQuant*>& layers, const apq::nn::FinetunePool& batch,
               const torch::Tensor& logits_before, const torch::Tensor& loss, const torch::Tensor& logits_after,
               const std::filesystem::path& directory) {
  torch::save(network, (directory / "qat_subnet_stepped.pt").string());
  torch::serialize::OutputArchive archive;
  auto write = [&](const char* key, const torch::Tensor& value) { archive.write(key, value, /*is_buffer=*/true); };
  write("images", batch.images);
  write("labels", batch.labels);
  write("soft_targets", batch.soft_targets);
  write("logits_before", logits_before);
  write("loss", loss);
  write("logits_after", logits_after);
  write("activation_range_after", layer_tensor(layers, [](const LayerQuant& l) { return l.activation_range.item<double>(); }));
  write("learning_rate", torch::tensor(kLearningRate, torch::kDouble));
  archive.save_to((directory / "qat_step.pt").string());
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  std::string save_directory;
  std::string data_dir = apq::nn::kFashionMnistDir;
  while (args.size() >= 2 && (args[0] == "--save" || args[0] == "--data-dir")) {
    (args[0] == "--save" ? save_directory : data_dir) = args[1];
    args.erase(args.begin(), args.begin() + 2);
  }
  if (args.empty() || args[0].rfind("--", 0) == 0) {
    std::cerr << "usage: apq_nn_qat_throughput [--save DIR] [--data-dir DIR] <checkpoint.pt> [batch = 64] "
                 "[steps = 20] [threads]\n";
    return 2;
  }
  const std::int64_t batch = args.size() > 1 ? std::stoll(args[1]) : 64;
  const int steps = args.size() > 2 ? std::stoi(args[2]) : 20;
  apq::nn::use_all_hardware_threads();
  if (args.size() > 3) at::set_num_threads(std::stoi(args[3]));
  // As `apq quant finetune` runs (the PyTorch side sets the same with mallopt).
  apq::nn::keep_freed_memory();
  torch::manual_seed(0);

  apq::nn::Checkpoint checkpoint;
  apq::nn::ImageDataset data;
  try {
    checkpoint = apq::nn::load_checkpoint(args[0]);
    data = apq::nn::load_fashion_mnist(data_dir);
  } catch (const apq::InputError& e) {
    std::cerr << e.what() << "\n";
    return 2;
  }
  apq::nn::SupernetImpl& supernet = *checkpoint.supernet;
  const auto& space = supernet.space();
  supernet.set_active(mixed_policy(apq::search::largest_config(space)));
  const torch::Tensor recalibration = apq::nn::recalibration_set(data, kRecalibrationImages);
  apq::nn::recalibrate_batch_norm(supernet, recalibration);
  apq::nn::Subnet teacher = apq::nn::extract_subnet(supernet);
  const apq::nn::FinetunePool pool = apq::nn::make_finetune_pool(*teacher, data.train, data.normalisation, batch);
  apq::nn::Subnet network = apq::nn::extract_subnet(supernet);
  apq::nn::calibrate_quantization(*network, recalibration.narrow(0, 0, kCalibrationImages));
  const std::vector<LayerQuant*> layers = apq::nn::quant_layers(*network);

  if (!save_directory.empty()) save_network(checkpoint.space_json, network, layers, save_directory);
  apq::nn::QatTrainer trainer(*network, kLabelSmoothing, kDistillWeight);
  const torch::Tensor logits_before = network->forward(pool.images).detach();
  const torch::Tensor loss = trainer.step(pool.images, pool.labels, pool.soft_targets, kLearningRate);
  const torch::Tensor logits_after = network->forward(pool.images).detach();
  if (!save_directory.empty()) save_step(network, layers, pool, logits_before, loss, logits_after, save_directory);

  const apq::nn::tools::Cost cost = apq::nn::tools::cost_per_call(
      [&] { trainer.step(pool.images, pool.labels, pool.soft_targets, kLearningRate); }, steps, /*warmups=*/3);
  const double rate = static_cast<double>(batch) / cost.wall;
  std::printf("space %s: largest sub-network, %d blocks, %lld parameters; policy %s; batch %lld, %d threads, "
              "median of %d steps\n",
              space.name.c_str(), network->block_count(), static_cast<long long>(parameter_count(*network)),
              kPolicy, static_cast<long long>(batch), at::get_num_threads(), steps);
  std::printf("libtorch QAT step %7.1f ms = %5.0f images/s (cpu %7.1f ms); reference step loss %.4f\n",
              cost.wall * 1e3, rate, cost.cpu * 1e3, loss.item<double>());
  std::printf("{\"side\": \"libtorch\", \"space\": \"%s\", \"batch\": %lld, \"threads\": %d, \"steps\": %d, "
              "\"parameters\": %lld, \"quant_layers\": %zu, \"images_per_s\": %.1f, \"step_ms\": %.2f}\n",
              space.name.c_str(), static_cast<long long>(batch), at::get_num_threads(), steps,
              static_cast<long long>(parameter_count(*network)), layers.size(), rate, cost.wall * 1e3);
  return 0;
}
