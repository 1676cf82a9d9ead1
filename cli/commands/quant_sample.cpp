// apq quant sample: accuracy of seeded quantized sub-networks, the quantization-aware
// predictor's data.
#include "cli/commands/quant_recipe_options.h"
#include "common/errors.h"
#include "nn/process_memory.h"
#include "nn/torch_threads.h"

namespace apq::cli {
namespace {

// The per-sample QAT budget (32 steps of 64): with BN recalibration, calibration and the
// validation pass about 15 s a sample, 250 in about an hour on a 2-core machine
// (docs/benchmarks.md, "Sample cost").
constexpr std::int64_t kSampleFinetuneImages = 2048;

}  // namespace

int run_quant_sample(const std::vector<std::string>& args) {
  po::options_description desc("options");
  desc.add_options()
      ("ckpt", po::value<std::string>()->required(), "supernet checkpoint (supernet.pt)")
      ("space", po::value<std::string>(),
       "space file whose bit choices the policies are drawn from (default: the checkpoint's; same network)")
      ("n", po::value<std::int64_t>()->required(), "number of (architecture, policy) samples")
      ("seed", po::value<std::int64_t>()->default_value(0), "sampling seed")
      ("kind", po::value<std::string>()->default_value("random"),
       "random: architecture and policy drawn together; fixed-arch: --policies consecutive lines share one architecture")
      ("policies", po::value<std::int64_t>()->default_value(10), "fixed-arch: policies per architecture")
      ("out", po::value<std::string>()->required(), "JSON-lines output, appended (resumes after its lines)")
      ("val-images", po::value<std::int64_t>()->default_value(0),
       "validation images the accuracy is measured on (0 = all 10,000)");
  add_quant_recipe_options(desc, kSampleFinetuneImages);
  po::variables_map vm;
  if (!parse_options("quant sample", "--ckpt C --n N --seed S --kind random|fixed-arch --out qsamples.jsonl", args,
                     desc, vm)) {
    return 0;
  }
  nn::QuantSampleRequest request;
  request.checkpoint = vm["ckpt"].as<std::string>();
  if (vm.count("space")) request.space_path = vm["space"].as<std::string>();
  request.count = int_option(vm, "n", 1, 1 << 24);
  request.seed = static_cast<std::uint64_t>(int_option(vm, "seed", 0, INT64_MAX));
  const std::string kind = vm["kind"].as<std::string>();
  if (kind == "random") {
    request.kind = nn::QuantSampleKind::Random;
  } else if (kind == "fixed-arch") {
    request.kind = nn::QuantSampleKind::FixedArch;
  } else {
    throw UsageError("--kind must be random or fixed-arch, got " + kind);
  }
  request.policies_per_arch = int_option(vm, "policies", 1, 1 << 20);
  request.out_path = vm["out"].as<std::string>();
  request.recipe = quant_recipe(vm);
  request.validation_images = int_option(vm, "val-images", 0, 1 << 20);
  request.data_dir = vm["data-dir"].as<std::string>();
  nn::use_all_hardware_threads();
  nn::keep_freed_memory();
  nn::sample_quantized(request);
  return 0;
}

}  // namespace apq::cli
