#include "search/predictor/training/predictor_training.h"

#include <algorithm>
#include <numeric>
#include <random>

#include <ATen/Parallel.h>
#include <torch/torch.h>

#include "common/errors.h"
#include "common/random.h"
#include "search/encoding/encoding.h"
#include "search/predictor/mlp_predictor.h"
#include "search/predictor/sample_file.h"
#include "search/space/space_file.h"

namespace apq::search {
namespace {

struct MlpImpl : torch::nn::Module {
  MlpImpl(int arch, int quant, int hidden)
      : first(register_module("first", torch::nn::Linear(arch, hidden))),
        second(register_module("second", torch::nn::Linear(hidden, hidden))),
        third(register_module("third", torch::nn::Linear(hidden, hidden))),
        output(register_module("output", torch::nn::Linear(hidden, 1))),
        arch_inputs(arch) {
    if (quant > 0) this->quant = register_module("quant", torch::nn::Linear(quant, hidden));
  }

  // APQ: the quantization layer's output joins after the first ReLU.
  torch::Tensor forward(const torch::Tensor& x) {
    torch::Tensor h = torch::relu(first(x.slice(1, 0, arch_inputs)));
    if (quant) h = h + quant(x.slice(1, arch_inputs));
    h = torch::relu(second(h));
    h = torch::relu(third(h));
    return output(h).squeeze(1);
  }

  torch::nn::Linear first, second, third, output;
  torch::nn::Linear quant{nullptr};
  int arch_inputs;
};
TORCH_MODULE(Mlp);

void copy_into(torch::nn::Linear& linear, const DenseLayer& layer) {
  torch::NoGradGuard no_grad;
  linear->weight.copy_(torch::from_blob(const_cast<float*>(layer.weight.data()), {layer.out, layer.in}));
  linear->bias.copy_(torch::from_blob(const_cast<float*>(layer.bias.data()), {layer.out}));
}

DenseLayer copy_out(const torch::nn::Linear& linear) {
  const torch::Tensor w = linear->weight.detach().contiguous();
  const torch::Tensor b = linear->bias.detach().contiguous();
  DenseLayer layer;
  layer.out = static_cast<int>(w.size(0));
  layer.in = static_cast<int>(w.size(1));
  layer.weight.assign(w.data_ptr<float>(), w.data_ptr<float>() + w.numel());
  layer.bias.assign(b.data_ptr<float>(), b.data_ptr<float>() + b.numel());
  return layer;
}

torch::Tensor encodings(const Space& space, const EncodingLayout& layout, const std::vector<AccuracySample>& samples,
                        const std::vector<std::size_t>& rows) {
  torch::Tensor x = torch::zeros({static_cast<std::int64_t>(rows.size()), layout.length()});
  auto a = x.accessor<float, 2>();
  for (std::size_t r = 0; r < rows.size(); ++r)
    for (const std::int32_t j : hot_indices(space, layout, samples[rows[r]].config)) a[r][j] = 1.0f;
  return x;
}

// The training's time is in its matrix products, which LibTorch hands to the system BLAS
// (OpenBLAS, threaded on its own). LibTorch's intra-op threads on top of OpenBLAS's contend for
// the same cores: a 256 x 400 x 400 layer's forward and backward took 9.2 ms with both at 2
// threads on 2 cores, 2.1 ms with LibTorch at 1. Scoped, so that callers keep their setting.
class OneTorchThread {
 public:
  OneTorchThread() : saved_(at::get_num_threads()) { at::set_num_threads(1); }
  ~OneTorchThread() { at::set_num_threads(saved_); }
  OneTorchThread(const OneTorchThread&) = delete;
  OneTorchThread& operator=(const OneTorchThread&) = delete;

 private:
  int saved_;
};

PredictorQuality quality_of(const MlpPredictor& predictor, const std::vector<AccuracySample>& samples,
                            const std::vector<std::size_t>& rows) {
  std::vector<SubnetConfig> configs;
  std::vector<double> measured;
  for (const std::size_t r : rows) configs.push_back(samples[r].config), measured.push_back(samples[r].accuracy);
  if (rows.empty()) return {};
  return predictor_quality(predictor.predict(configs), measured);
}

}  // namespace

PredictorTrainResult train_predictor(const PredictorTrainRequest& request,
                                     const std::function<void(int epoch, double loss)>& on_epoch) {
  if (request.hidden < 1 || request.epochs < 0 || request.batch < 1 || !(request.learning_rate > 0.0) ||
      !(request.validation_fraction >= 0.0 && request.validation_fraction < 1.0))
    throw InputError("predictor training: need hidden >= 1, epochs >= 0, batch >= 1, a positive learning rate and a "
                     "validation fraction in [0, 1)");
  const Space space = load_space(request.space_path);
  const EncodingLayout layout = encoding_layout(space);
  const std::vector<AccuracySample> samples = load_samples(space, request.data_path);
  const bool quantized = request.kind == PredictorKind::Quant;

  PredictorWeights init;
  if (!request.init_path.empty()) {
    init = load_predictor(request.init_path);
    check_predictor_fits(init, space, layout, request.init_path);
    if (init.kind != PredictorKind::Fp32)
      throw InputError(request.init_path + ": kind = " + predictor_kind_name(init.kind) +
                       ": --init takes a trained fp32 predictor");
    if (init.hidden != request.hidden)
      throw InputError(request.init_path + ": hidden = " + std::to_string(init.hidden) + ": the predictor to train has " +
                       std::to_string(request.hidden));
  }

  // Seeded split and order (random_index: the same on every standard library).
  std::mt19937_64 rng(request.seed);
  std::vector<std::size_t> order(samples.size());
  std::iota(order.begin(), order.end(), 0);
  for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[random_index(rng, i)]);
  const auto held_out = static_cast<std::size_t>(request.validation_fraction * static_cast<double>(samples.size()));
  const std::vector<std::size_t> validation(order.begin(), order.begin() + held_out);
  std::vector<std::size_t> train(order.begin() + held_out, order.end());
  if (train.empty()) throw InputError(request.data_path + ": no samples left to train on after holding out validation");

  const OneTorchThread one_torch_thread;
  torch::manual_seed(request.seed);
  Mlp model(layout.arch_length, quantized ? layout.quant_length : 0, request.hidden);
  if (!request.init_path.empty()) {
    copy_into(model->first, init.first);
    copy_into(model->second, init.second);
    copy_into(model->third, init.third);
    copy_into(model->output, init.output);
  }
  const torch::Tensor x = encodings(space, layout, samples, train);
  std::vector<float> targets;
  for (const std::size_t r : train) targets.push_back(static_cast<float>(samples[r].accuracy));
  const torch::Tensor y = torch::tensor(targets);
  if (request.init_path.empty()) {
    // The output starts at the mean accuracy (once-for-all's base_acc): otherwise the first
    // hundreds of Adam steps only move the output from 0 to ~0.9, and a small training set
    // (the transfer benchmark's 25 samples: 200 steps) ends with the predictor still far below.
    torch::NoGradGuard no_grad;
    model->output->bias.fill_(y.mean().item<double>());
  }
  torch::optim::Adam optimizer(model->parameters(), torch::optim::AdamOptions(request.learning_rate));
  const auto n = static_cast<std::int64_t>(train.size());
  for (int epoch = 0; epoch < request.epochs; ++epoch) {
    std::vector<std::int64_t> perm(static_cast<std::size_t>(n));
    std::iota(perm.begin(), perm.end(), 0);
    for (std::size_t i = perm.size(); i > 1; --i) std::swap(perm[i - 1], perm[random_index(rng, i)]);
    const torch::Tensor shuffled = torch::tensor(perm);
    double loss_sum = 0.0;
    for (std::int64_t start = 0; start < n; start += request.batch) {
      const torch::Tensor rows = shuffled.slice(0, start, std::min(n, start + request.batch));
      optimizer.zero_grad();
      const torch::Tensor loss = torch::mse_loss(model->forward(x.index_select(0, rows)), y.index_select(0, rows));
      loss.backward();
      optimizer.step();
      loss_sum += loss.item<double>() * static_cast<double>(rows.size(0));
    }
    if (on_epoch) on_epoch(epoch + 1, loss_sum / static_cast<double>(n));
  }

  PredictorWeights weights = zero_predictor(space, request.kind, request.hidden);
  weights.first = copy_out(model->first);
  if (quantized) weights.quant = copy_out(model->quant);
  weights.second = copy_out(model->second);
  weights.third = copy_out(model->third);
  weights.output = copy_out(model->output);
  // The qualities are measured on what is written, read back as the search reads it.
  const MlpPredictor evaluator(space, parse_predictor(predictor_to_text(weights), request.out_path), request.out_path);
  PredictorTrainResult result{quality_of(evaluator, samples, train), quality_of(evaluator, samples, validation)};
  save_predictor(request.out_path, weights);
  return result;
}

}  // namespace apq::search
