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
#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "common/errors.h"
#include "nn/supernet/layer_calls.h"
#include "nn/supernet/supernet.h"
#include "nn/torch_threads.h"
#include "search/space/space_file.h"

namespace {

using Clock = std::chrono::steady_clock;

double process_cpu_seconds() {
  timespec now{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + 1e-9 * static_cast<double>(now.tv_nsec);
}

// Wall-clock and process CPU seconds of one call.
struct Cost {
  double wall = 0;
  double cpu = 0;
};

// The median over `repeats` timed calls: a busy neighbour inflates some calls, not most.
template <typename Fn>
Cost cost_per_call(Fn&& fn, int repeats) {
  fn();  // warm-up: first calls allocate and pick kernels
  std::vector<Cost> costs;
  for (int r = 0; r < repeats; ++r) {
    const auto start = Clock::now();
    const double cpu_start = process_cpu_seconds();
    fn();
    costs.push_back({std::chrono::duration<double>(Clock::now() - start).count(),
                     process_cpu_seconds() - cpu_start});
  }
  std::sort(costs.begin(), costs.end(), [](const Cost& a, const Cost& b) { return a.wall < b.wall; });
  return costs[costs.size() / 2];
}

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

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: " << argv[0] << " <space.json> [batch] [steps] [random samples] [threads]\n";
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
