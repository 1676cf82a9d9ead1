// apq-sim-throughput: how many layers per second one process simulates over a realistic layer
// set (every pointwise and depthwise layer a MobileNetV2-style search space produces, at every
// bit pair), and, with --compare, how far the cycle mode lies from the reference mode by layer
// class. Driven by scripts/bench/sim_throughput.sh; results in docs/benchmarks.md.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <exception>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "cli/sim_options.h"
#include "common/errors.h"
#include "common/progress.h"
#include "search/space/layer_enumeration.h"
#include "calibration/accelerator_network.h"
#include "search/space/network_layers.h"
#include "search/space/space_file.h"
#include "sim/accel_config.h"
#include "sim/cycle/conv_plan.h"
#include "sim/simulate.h"

namespace {

using namespace apq;

struct Sample {
  LayerShape shape;
  std::string layer_class;
};

std::string layer_class(const LayerShape& shape) {
  if (default_im2col(shape)) return "first layer (im2col)";
  if (shape.in_size == 1 && shape.kernel == 1) return "fully connected";
  if (is_depthwise(shape)) return "depthwise";
  if (is_pointwise(shape)) return "pointwise";
  return "other convolution";
}

// Distinct layer shapes (bits aside) of the space's searchable blocks; with `fixed`, also its
// head and tail convolutions and classifier (pooling is not an array layer).
std::vector<LayerShape> distinct_shapes(const search::Space& space, bool fixed) {
  std::vector<search::SpaceLayer> layers = search::distinct_block_layers(space);
  if (fixed) {
    for (const auto& layer : search::head_layers(space)) layers.push_back(layer);
    for (const auto& layer : search::tail_layers(space)) layers.push_back(layer);
  }
  std::vector<LayerShape> shapes;
  std::set<std::string> seen;
  for (const search::SpaceLayer& layer : layers) {
    if (!runs_on_array(layer.op)) continue;
    LayerShape shape = layer.shape;
    shape.batch = space.batch;
    if (seen.insert(layer_tuple(shape)).second) shapes.push_back(shape);
  }
  return shapes;
}

std::vector<int> parse_bits(const std::string& text) {
  std::vector<int> bits;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    const std::string item = text.substr(start, comma - start);
    try {
      bits.push_back(std::stoi(item));
    } catch (const std::exception&) {
      throw UsageError("--bits must be a comma-separated list of integers, got '" + text + "'");
    }
    start = comma + 1;
  }
  return bits;
}

// Summary of one quantity over a class of layers.
struct Spread {
  std::vector<double> values;
  void add(double value) { values.push_back(value); }
  double geomean() const {
    double log_sum = 0.0;
    for (double v : values) log_sum += std::log(v);
    return std::exp(log_sum / static_cast<double>(values.size()));
  }
  double mean() const {
    double sum = 0.0;
    for (double v : values) sum += v;
    return sum / static_cast<double>(values.size());
  }
  double min() const { return *std::min_element(values.begin(), values.end()); }
  double max() const { return *std::max_element(values.begin(), values.end()); }
};

struct ClassComparison {
  Spread latency_ratio;  // cycle / reference
  Spread energy_ratio;
  Spread dram_ratio;
  Spread compute_ratio;
  Spread fill_drain_share;  // of the cycle mode's total cycles
  Spread stall_share;
  Spread leakage_share;  // of the cycle mode's energy
  Spread estimate_ratio;  // simulated cycles / the tiling optimizer's estimate
};

// The tiling optimizer's estimate of a layer run alone (sim/README.md, "Tiling optimizer"),
// summed over its group tiles.
std::int64_t optimizer_estimate(const sim::AccelConfig& config, const LayerShape& shape) {
  sim::cycle::LayerIo io;
  io.im2col = default_im2col(shape);
  io.output_bits = shape.abits;
  const sim::cycle::ConvPlan plan =
      sim::cycle::plan_conv_layer(config, shape, io, sim::cycle::rtl_pass_split());
  return plan.schedule.cost.total_cycles * plan.mapping.tiles;
}

int run(const std::vector<std::string>& args) {
  cli::po::options_description desc("options");
  desc.add_options()
      ("accel", cli::po::value<std::string>()->required(), "accelerator configuration")
      ("space", cli::po::value<std::string>()->required(), "search space (configs/spaces/*.json)")
      ("bits", cli::po::value<std::string>()->default_value("2,4,6,8"),
       "weight and activation widths; every pair is simulated")
      ("mode", cli::po::value<std::string>()->default_value("cycle"), "cycle or reference")
      ("compare", "also run the reference mode and compare by layer class (head and tail included)");
  cli::po::variables_map vm;
  if (!cli::parse_options("apq-sim-throughput", "--accel FILE --space FILE [--bits 2,4,6,8] [--compare]",
                          args, desc, vm))
    return 0;
  const sim::AccelConfig config = sim::load_accel_config(vm["accel"].as<std::string>());
  const search::Space space = search::load_space(vm["space"].as<std::string>());
  const std::vector<int> bits = parse_bits(vm["bits"].as<std::string>());
  const sim::TimingMode mode = cli::timing_mode_option(vm);
  const bool compare = vm.count("compare") != 0;

  std::vector<Sample> samples;
  for (const LayerShape& shape : distinct_shapes(space, compare)) {
    for (int w : bits) {
      for (int a : bits) {
        Sample sample{shape, layer_class(shape)};
        sample.shape.wbits = w;
        sample.shape.abits = a;
        samples.push_back(sample);
      }
    }
  }
  // The first simulation elaborates the SystemC model; keep it out of the timing.
  sim::simulate_layer(config, samples.front().shape, mode);

  std::map<std::string, int> per_class;
  for (const Sample& sample : samples) ++per_class[sample.layer_class];
  std::printf("accelerator %s, space %s, %zu layers (%zu bit pairs):", config.name.c_str(),
              space.name.c_str(), samples.size(), bits.size() * bits.size());
  for (const auto& [name, count] : per_class) std::printf(" %s %d;", name.c_str(), count);
  std::printf("\n");

  std::vector<sim::LayerResult> results;
  results.reserve(samples.size());
  Progress progress("simulating", static_cast<std::int64_t>(samples.size()), "layers");
  const auto start = std::chrono::steady_clock::now();
  for (const Sample& sample : samples) {
    results.push_back(sim::simulate_layer(config, sample.shape, mode));
    progress.advance();
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  progress.finish();
  std::int64_t simulated_cycles = 0;
  for (const sim::LayerResult& result : results) simulated_cycles += result.cost.total_cycles;
  std::printf("%s mode: %zu layers in %.3f s = %.0f layers/s (%.0f simulated cycles per layer)\n",
              sim::timing_mode_name(mode), samples.size(), seconds,
              static_cast<double>(samples.size()) / seconds,
              static_cast<double>(simulated_cycles) / static_cast<double>(samples.size()));
  if (!compare || mode != sim::TimingMode::Cycle) return 0;

  std::map<std::string, ClassComparison> classes;
  for (std::size_t i = 0; i < samples.size(); ++i) {
    const sim::LayerResult reference =
        sim::simulate_layer(config, samples[i].shape, sim::TimingMode::Reference);
    const sim::LayerCost& c = results[i].cost;
    const sim::LayerCost& r = reference.cost;
    ClassComparison& k = classes[samples[i].layer_class];
    k.latency_ratio.add(static_cast<double>(c.total_cycles) / static_cast<double>(r.total_cycles));
    k.energy_ratio.add(c.energy_mj / r.energy_mj);
    k.dram_ratio.add(static_cast<double>(c.dram_read_bits + c.dram_write_bits) /
                     static_cast<double>(r.dram_read_bits + r.dram_write_bits));
    k.compute_ratio.add(static_cast<double>(c.compute_cycles) / static_cast<double>(r.compute_cycles));
    k.fill_drain_share.add(static_cast<double>(results[i].fill_drain_cycles) /
                           static_cast<double>(c.total_cycles));
    k.stall_share.add(static_cast<double>(c.stall_cycles) / static_cast<double>(c.total_cycles));
    k.leakage_share.add(c.energy_breakdown_mj.leakage / c.energy_mj);
    k.estimate_ratio.add(static_cast<double>(c.total_cycles) /
                         static_cast<double>(optimizer_estimate(config, samples[i].shape)));
  }
  std::printf("\ncycle / reference, by layer class (geometric mean [min, max]; shares are means);\n"
              "last column: the cycle mode's simulated cycles / its tiling optimizer's estimate\n\n");
  std::printf("| class | layers | latency | energy | DRAM bits | compute cycles | fill/drain share | stall share | leakage share | simulated / estimate |\n");
  std::printf("|---|---|---|---|---|---|---|---|---|---|\n");
  const auto range = [](const Spread& s) {
    char text[64];
    std::snprintf(text, sizeof text, "%.2f [%.2f, %.2f]", s.geomean(), s.min(), s.max());
    return std::string(text);
  };
  for (const auto& [name, k] : classes) {
    std::printf("| %s | %zu | %s | %s | %s | %s | %.1f%% | %.1f%% | %.1f%% | %s |\n", name.c_str(),
                k.latency_ratio.values.size(), range(k.latency_ratio).c_str(),
                range(k.energy_ratio).c_str(), range(k.dram_ratio).c_str(),
                range(k.compute_ratio).c_str(), 100 * k.fill_drain_share.mean(),
                100 * k.stall_share.mean(), 100 * k.leakage_share.mean(),
                range(k.estimate_ratio).c_str());
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(std::vector<std::string>(argv + 1, argv + argc));
  } catch (const apq::UsageError& e) {
    std::fprintf(stderr, "apq-sim-throughput: %s\n", e.what());
    return 2;
  } catch (const apq::InputError& e) {
    std::fprintf(stderr, "apq-sim-throughput: %s\n", e.what());
    return 2;
  }
}
