// apq supernet eval and apq supernet sample: sub-networks of a trained supernet, each measured
// after BN recalibration on validation images.
#include <cstdio>
#include <random>

#include <nlohmann/json.hpp>

#include "common/errors.h"
#include "common/json_lines.h"
#include "common/progress.h"
#include "common/random.h"
#include "nn/data/batch_iterator.h"
#include "nn/data/fashion_mnist.h"
#include "nn/supernet_jobs.h"
#include "nn/training/checkpoint.h"
#include "nn/training/evaluation.h"
#include "search/space/config_file.h"
#include "search/space/config_sampling.h"

namespace apq::nn {

EvalResult evaluate_supernet(const EvalRequest& request) {
  Checkpoint checkpoint = load_checkpoint(request.checkpoint);
  const search::Space& space = checkpoint.supernet->space();
  search::SubnetConfig config;
  switch (request.choice) {
    case SubnetChoice::Largest: config = search::largest_config(space); break;
    case SubnetChoice::Smallest: config = search::smallest_config(space); break;
    case SubnetChoice::ConfigFile: config = search::load_config(space, request.config_path); break;
  }
  const ImageDataset data = load_fashion_mnist(request.data_dir);
  const torch::Tensor recalibration = recalibration_set(data, request.recalibration_images);
  EvalResult result;
  result.space_name = space.name;
  result.config_json = search::config_to_json(space, config).dump();
  result.test_top1 = subnet_accuracy(*checkpoint.supernet, config, recalibration, data.test, data.normalisation);
  result.test_images = data.test.size();
  result.recalibration_images = recalibration.size(0);
  return result;
}

void sample_subnets(const SampleRequest& request) {
  if (request.count <= 0) throw UsageError("--n must be positive, got " + std::to_string(request.count));
  Checkpoint checkpoint = load_checkpoint(request.checkpoint);
  const search::Space& space = checkpoint.supernet->space();
  const std::int64_t done = resumable_line_count(request.out_path, {"config", "accuracy"});
  if (done >= request.count) {
    std::fprintf(stderr, "%s already holds %lld samples\n", request.out_path.c_str(), static_cast<long long>(done));
    return;
  }
  const ImageDataset data = load_fashion_mnist(request.data_dir);
  const torch::Tensor recalibration = recalibration_set(data, request.recalibration_images);

  // Draw (and skip) the configs already written, so that a resumed run continues the same stream.
  std::mt19937_64 rng(mix_seed(request.seed, 0));
  for (std::int64_t i = 0; i < done; ++i) search::random_config(space, rng);

  // One finished line at a time: a killed run loses at most the network in progress.
  JsonLinesWriter out(request.out_path, false);
  Progress progress("sampling sub-networks", request.count - done, "networks");
  for (std::int64_t i = done; i < request.count; ++i) {
    const search::SubnetConfig config = search::random_config(space, rng);
    const double accuracy = subnet_accuracy(*checkpoint.supernet, config, recalibration, data.validation,
                                            data.normalisation, request.validation_images);
    nlohmann::ordered_json line;
    line["config"] = search::config_to_json(space, config);
    line["accuracy"] = accuracy;
    out.append(line);
    progress.advance();
  }
  progress.finish();
}

}  // namespace apq::nn
