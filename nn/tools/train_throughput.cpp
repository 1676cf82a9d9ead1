// Measures supernet training speed on this machine, to size a space's widths: images/s of
// forward + backward + SGD step for the largest, the smallest and (on average) random
// sub-networks, the largest network's no-grad forward (the distillation teacher), and how
// the largest network's step splits between its blocks' depthwise and pointwise convolutions
// (each timed alone, forward + backward through run_conv, at the shapes the network runs it).
//
// Each figure is the median of several timed calls. Wall-clock rates need an otherwise idle
// machine: OpenMP threads that share a core with another process slow every parallel region
// down to the straggler. The process CPU time per step is printed too; with threads = 1 it
// stays close to the idle figure under load, which makes it the fair way to compare spaces on
// a busy machine.
//
//   apq_nn_train_throughput <space.json> [batch = 128] [steps = 10] [random samples = 8]
//                           [threads = hardware]
//
// --largest: only the largest sub-network, trained exactly as `apq supernet train` steps it
// (label-smoothed cross-entropy, gradients dropped between steps, nesterov SGD without weight
// decay on BN parameters and biases), as the supernet at its largest config and/or as the
// standalone network extract_subnet copies out of it (--network); ends with one JSON line. This
// is the figure scripts/bench/supernet_throughput.py measures for the same network in PyTorch.
// Time one network per process when comparing: glibc's heap keeps a state from the first
// network's steps that changes the second one's speed by 20-30% (see docs/benchmarks.md).
// --save-subnet DIR also writes that extracted network (largest_subnet.pt) and a fixed input
// with its eval- and train-mode logits (largest_subnet_io.pt), for the script to check that
// its network computes the same function.
//
//   apq_nn_train_throughput --largest [--network supernet|subnet|both] [--save-subnet DIR]
//                           <space.json> [batch = 128] [steps = 20] [threads = hardware]
#include <torch/torch.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "common/errors.h"
#include "nn/supernet/layer_calls.h"
#include "nn/supernet/subnet.h"
#include "nn/supernet/supernet.h"
#include "nn/tools/step_cost.h"
#include "nn/torch_threads.h"
#include "search/space/space_file.h"

namespace {

using apq::nn::tools::Cost;
using apq::nn::tools::cost_per_call;

Cost conv_cost(torch::IntArrayRef input_shape, torch::IntArrayRef weight_shape,
               const apq::nn::ConvGeometry& geometry) {
  const auto input = torch::randn(input_shape).requires_grad_(true);
  const auto weight = torch::randn(weight_shape).requires_grad_(true);
  return cost_per_call([&] { apq::nn::run_conv(input, weight, geometry).sum().backward(); }, 5);
}

void add(Cost& total, const Cost& part) {
  total.wall += part.wall;
  total.cpu += part.cpu;
}

struct ConvSplit {
  Cost depthwise;
  Cost pointwise;
};

ConvSplit block_conv_costs(apq::nn::SupernetImpl& supernet, const torch::Tensor& images) {
  ConvSplit split;
  std::int64_t size;
  {
    torch::NoGradGuard no_grad;
    size = supernet.head().forward(images.narrow(0, 0, 1)).size(2);
  }
  const std::int64_t batch = images.size(0);
  for (const auto& slot : supernet.slots()) {
    if (slot.position >= supernet.active_config().depths[slot.stage]) continue;
    const auto& block = supernet.block(slot.index);
    const std::int64_t mid = block.active_mid_channels(), k = block.active_kernel();
    const std::int64_t out = (size - 1) / slot.stride + 1;
    add(split.pointwise, conv_cost({batch, slot.in_channels, size, size}, {mid, slot.in_channels, 1, 1}, {}));
    add(split.depthwise, conv_cost({batch, mid, size, size}, {mid, 1, k, k}, {slot.stride, k / 2, mid}));
    add(split.pointwise, conv_cost({batch, mid, out, out}, {slot.out_channels, mid, 1, 1}, {}));
    size = out;
  }
  return split;
}

std::int64_t parameter_count(const torch::nn::Module& network) {
  std::int64_t count = 0;
  for (const auto& p : network.parameters()) count += p.numel();
  return count;
}

// The trainer's optimizer (supernet_trainer.cpp): once-for-all exempts BN parameters and biases
// from weight decay, and those are the names containing "bn" / "bias".
torch::optim::SGD training_optimizer(torch::nn::Module& network) {
  std::vector<torch::Tensor> decayed;
  std::vector<torch::Tensor> exempt;
  for (const auto& item : network.named_parameters()) {
    const std::string& name = item.key();
    const bool no_decay = name.find("bn") != std::string::npos || name.find("bias") != std::string::npos;
    (no_decay ? exempt : decayed).push_back(item.value());
  }
  auto options = [](double decay) {
    return std::make_unique<torch::optim::SGDOptions>(
        torch::optim::SGDOptions(0.05).momentum(0.9).nesterov(true).weight_decay(decay));
  };
  std::vector<torch::optim::OptimizerParamGroup> groups;
  groups.emplace_back(decayed, options(3e-5));
  groups.emplace_back(exempt, options(0.0));
  return torch::optim::SGD(std::move(groups), *options(0.0));
}

// One training step as the trainer takes it, less its bookkeeping (loss sum, top-1).
Cost largest_step_cost(apq::nn::ImageClassifier& network, const torch::Tensor& images,
                       const torch::Tensor& labels, int steps) {
  torch::optim::SGD optimizer = training_optimizer(network);
  const auto loss_options = torch::nn::functional::CrossEntropyFuncOptions().label_smoothing(0.1);
  network.train();
  auto step = [&] {
    // Dropped, not zeroed, as the trainer does (PyTorch's zero_grad(set_to_none=True)).
    for (auto& parameter : network.parameters()) parameter.mutable_grad() = torch::Tensor();
    torch::nn::functional::cross_entropy(network.forward(images), labels, loss_options).backward();
    optimizer.step();
  };
  // A few warm-ups: oneDNN creates its primitives and the allocator its caches on first use.
  return cost_per_call(step, steps, /*warmups=*/3);
}

// The extracted network and its outputs for a fixed input, before any training step changes
// the weights or running statistics: eval mode first (running statistics), then train mode
// (batch statistics).
void save_reference(apq::nn::Subnet& subnet, const apq::search::Space& space,
                    const std::filesystem::path& directory) {
  std::filesystem::create_directories(directory);
  torch::save(subnet, (directory / "largest_subnet.pt").string());
  torch::NoGradGuard no_grad;
  const torch::Tensor input =
      torch::randn({16, space.input_channels, space.input_size, space.input_size},
                   at::detail::createCPUGenerator(7));
  subnet->eval();
  const torch::Tensor eval_logits = subnet->forward(input);
  subnet->train();
  const torch::Tensor train_logits = subnet->forward(input);
  torch::save(std::vector<torch::Tensor>{input, eval_logits.contiguous(), train_logits.contiguous()},
              (directory / "largest_subnet_io.pt").string());
}

constexpr const char* kLargestUsage =
    "--largest [--network supernet|subnet|both] [--save-subnet DIR] <space.json> [batch] [steps] "
    "[threads]";

int run_largest(std::vector<std::string> args) {
  std::string network = "both";
  std::string save_directory;
  while (args.size() >= 2 && (args[0] == "--network" || args[0] == "--save-subnet")) {
    (args[0] == "--network" ? network : save_directory) = args[1];
    args.erase(args.begin(), args.begin() + 2);
  }
  if (args.empty() || (network != "supernet" && network != "subnet" && network != "both")) {
    std::cerr << "usage: apq_nn_train_throughput " << kLargestUsage << "\n";
    return 2;
  }
  const std::int64_t batch = args.size() > 1 ? std::stoll(args[1]) : 128;
  const int steps = args.size() > 2 ? std::stoi(args[2]) : 20;
  apq::nn::use_all_hardware_threads();
  if (args.size() > 3) at::set_num_threads(std::stoi(args[3]));
  torch::manual_seed(0);

  apq::nn::Supernet supernet{nullptr};
  try {
    supernet = apq::nn::Supernet(apq::search::load_space(args[0]));
  } catch (const apq::InputError& e) {
    std::cerr << e.what() << "\n";
    return 2;
  }
  const auto& space = supernet->space();
  supernet->activate_largest();
  apq::nn::Subnet subnet = apq::nn::extract_subnet(*supernet);
  if (!save_directory.empty()) save_reference(subnet, space, save_directory);

  const auto images = torch::randn({batch, space.input_channels, space.input_size, space.input_size});
  const auto labels = torch::randint(0, space.classes, {batch}, torch::kInt64);
  std::printf("space %s: largest sub-network, batch %lld, %d threads, median of %d steps\n",
              space.name.c_str(), static_cast<long long>(batch), at::get_num_threads(), steps);
  std::printf("parameters: supernet %lld, largest sub-network %lld\n",
              static_cast<long long>(parameter_count(*supernet)),
              static_cast<long long>(parameter_count(*subnet)));
  std::string json = "{\"side\": \"libtorch\", \"space\": \"" + space.name +
                     "\", \"batch\": " + std::to_string(batch) +
                     ", \"threads\": " + std::to_string(at::get_num_threads()) +
                     ", \"steps\": " + std::to_string(steps) +
                     ", \"subnet_parameters\": " + std::to_string(parameter_count(*subnet));
  auto measure = [&](const char* key, const char* label, apq::nn::ImageClassifier& net) {
    const Cost cost = largest_step_cost(net, images, labels, steps);
    const double rate = static_cast<double>(batch) / cost.wall;
    std::printf("%-25s train step %7.1f ms = %5.0f images/s (cpu %7.1f ms)\n", label,
                cost.wall * 1e3, rate, cost.cpu * 1e3);
    char figures[128];
    std::snprintf(figures, sizeof figures, ", \"%s_images_per_s\": %.1f, \"%s_step_ms\": %.2f", key,
                  rate, key, cost.wall * 1e3);
    json += figures;
  };
  if (network != "subnet") measure("supernet", "supernet (largest config)", *supernet);
  if (network != "supernet") measure("subnet", "extracted sub-network", *subnet);
  std::printf("%s}\n", json.c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && std::string(argv[1]) == "--largest") {
    return run_largest(std::vector<std::string>(argv + 2, argv + argc));
  }
  if (argc < 2) {
    std::cerr << "usage: " << argv[0] << " <space.json> [batch] [steps] [random samples] [threads]\n"
              << "       " << argv[0] << " " << kLargestUsage << "\n";
    return 2;
  }
  const std::int64_t batch = argc > 2 ? std::stoll(argv[2]) : 128;
  const int steps = argc > 3 ? std::stoi(argv[3]) : 10;
  const int samples = argc > 4 ? std::stoi(argv[4]) : 8;
  apq::nn::use_all_hardware_threads();
  if (argc > 5) at::set_num_threads(std::stoi(argv[5]));
  torch::manual_seed(0);

  apq::nn::Supernet supernet{nullptr};
  try {
    supernet = apq::nn::Supernet(apq::search::load_space(argv[1]));
  } catch (const apq::InputError& e) {
    std::cerr << e.what() << "\n";
    return 2;
  }
  const auto& space = supernet->space();
  const auto images = torch::randn({batch, space.input_channels, space.input_size, space.input_size});
  const auto labels = torch::randint(0, space.classes, {batch}, torch::kInt64);
  torch::optim::SGD optimizer(
      supernet->parameters(),
      torch::optim::SGDOptions(0.05).momentum(0.9).nesterov(true).weight_decay(3e-5));
  auto train_step = [&] {
    optimizer.zero_grad();
    torch::nn::functional::cross_entropy(supernet->forward(images), labels).backward();
    optimizer.step();
  };
  auto rate = [&](double seconds) { return static_cast<double>(batch) / seconds; };

  std::printf("space %s: input %dx%dx%d, batch %lld, %d threads\n", space.name.c_str(),
              space.input_size, space.input_size, space.input_channels,
              static_cast<long long>(batch), at::get_num_threads());
  std::int64_t parameters = 0;
  for (const auto& p : supernet->parameters()) parameters += p.numel();
  std::printf("supernet parameters: %lld\n", static_cast<long long>(parameters));

  auto report = [&](const char* what, const Cost& cost) {
    std::printf("%-9s train step %7.1f ms = %5.0f images/s (cpu %7.1f ms/step)\n", what,
                cost.wall * 1e3, rate(cost.wall), cost.cpu * 1e3);
  };
  supernet->train();
  supernet->activate_largest();
  const Cost largest = cost_per_call(train_step, steps);
  report("largest", largest);
  supernet->activate_smallest();
  report("smallest", cost_per_call(train_step, steps));

  std::mt19937_64 rng(1);
  Cost random;
  for (int s = 0; s < samples; ++s) {
    supernet->activate_random(rng);
    const Cost one = cost_per_call(train_step, 3);
    random.wall += one.wall / samples;
    random.cpu += one.cpu / samples;
  }
  std::printf("(random: mean of %d sub-networks)\n", samples);
  report("random", random);

  supernet->activate_largest();
  supernet->eval();
  const Cost teacher = cost_per_call(
      [&] {
        torch::NoGradGuard no_grad;
        supernet->forward(images);
      },
      steps);
  std::printf("largest no-grad forward %7.1f ms = %5.0f images/s (cpu %7.1f ms)\n",
              teacher.wall * 1e3, rate(teacher.wall), teacher.cpu * 1e3);

  const ConvSplit split = block_conv_costs(*supernet, images);
  std::printf("largest block convs alone (fwd+bwd): depthwise %.1f ms (%.0f%% of a step; cpu "
              "%.0f%%), pointwise %.1f ms (%.0f%%; cpu %.0f%%)\n",
              split.depthwise.wall * 1e3, 100 * split.depthwise.wall / largest.wall,
              100 * split.depthwise.cpu / largest.cpu, split.pointwise.wall * 1e3,
              100 * split.pointwise.wall / largest.wall, 100 * split.pointwise.cpu / largest.cpu);
  return 0;
}
