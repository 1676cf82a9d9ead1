// apq quant eval / finetune / sample: quantized sub-networks of a trained supernet.
#include <cstdio>
#include <fstream>
#include <iterator>
#include <optional>
#include <random>

#include <nlohmann/json.hpp>

#include "common/errors.h"
#include "common/json_fields.h"
#include "common/json_lines.h"
#include "common/progress.h"
#include "common/random.h"
#include "nn/data/fashion_mnist.h"
#include "nn/quant/quantization.h"
#include "nn/quant/quantized_network.h"
#include "nn/quant_jobs.h"
#include "nn/supernet/batch_norm_recalibration.h"
#include "nn/training/checkpoint.h"
#include "nn/training/evaluation.h"
#include "search/space/config_file.h"
#include "search/space/config_sampling.h"
#include "search/space/space_file.h"

namespace apq::nn {
namespace {

// What every quantization job loads once: the supernet, the data, the recalibration images
// and, when the recipe fine-tunes, the teacher's pool.
struct QuantSession {
  Checkpoint checkpoint;
  ImageDataset data;
  torch::Tensor recalibration;
  std::optional<FinetunePool> pool;
  search::Space space;     // the checkpoint's, or the --space file's (its bit choices)
  std::string space_json;  // the text of that space, as quantized networks record it
};

// The space whose bit choices the configs are drawn from and checked against: the checkpoint's,
// or `space_path` when it describes the same network (everything but name, description and
// `bits` equal), so that a trained supernet can be searched at other bit-widths.
void choose_space(QuantSession& session, const std::string& space_path) {
  session.space = session.checkpoint.supernet->space();
  session.space_json = session.checkpoint.space_json;
  if (space_path.empty()) return;
  std::ifstream in(space_path);
  if (!in) throw InputError(space_path + ": cannot read the space file");
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  nlohmann::json file = json_fields::parse_json(text, space_path);
  session.space = search::space_from_json(file, space_path);
  session.space_json = text;
  nlohmann::json trained = nlohmann::json::parse(session.checkpoint.space_json);
  for (nlohmann::json* doc : {&file, &trained})
    for (const char* free : {"name", "description", "bits"}) doc->erase(free);
  for (const auto& [key, value] : trained.items()) {
    if (!file.contains(key) || file[key] != value)
      throw InputError(space_path + ": " + key + " differs from the space the checkpoint was trained on (only bits, "
                       "name and description may)");
  }
  for (const auto& [key, value] : file.items()) {
    if (!trained.contains(key)) throw InputError(space_path + ": " + key + " is not in the space the checkpoint was trained on");
  }
  session.checkpoint.supernet->set_bit_choices(session.space.bits);
}

void check_recipe(const QuantRecipe& recipe) {
  if (recipe.calibration_images <= 0) {
    throw UsageError("--calib-images must be positive, got " + std::to_string(recipe.calibration_images));
  }
  if (recipe.finetune_images < 0) {
    throw UsageError("--finetune-images must not be negative, got " + std::to_string(recipe.finetune_images));
  }
}

QuantSession open_session(const std::string& checkpoint, const std::string& space_path, const QuantRecipe& recipe,
                          const std::string& data_dir) {
  check_recipe(recipe);
  QuantSession session{load_checkpoint(checkpoint), load_fashion_mnist(data_dir), {}, std::nullopt, {}, {}};
  choose_space(session, space_path);
  session.recalibration = recalibration_set(session.data, recipe.recalibration_images);
  if (recipe.finetune_images > 0) {
    SupernetImpl& supernet = *session.checkpoint.supernet;
    supernet.activate_largest();
    recalibrate_batch_norm(supernet, session.recalibration);
    Subnet teacher = extract_subnet(supernet);
    session.pool = make_finetune_pool(*teacher, session.data.train, session.data.normalisation, recipe.pool_images);
  }
  return session;
}

// The sub-network of `config`, BN-recalibrated in fp32 and calibrated for quantization.
Subnet calibrated_subnet(QuantSession& session, const search::SubnetConfig& config, const QuantRecipe& recipe) {
  SupernetImpl& supernet = *session.checkpoint.supernet;
  supernet.set_active(config);
  recalibrate_batch_norm(supernet, session.recalibration);
  Subnet subnet = extract_subnet(supernet);
  const std::int64_t calibration = std::min(recipe.calibration_images, session.recalibration.size(0));
  calibrate_quantization(*subnet, session.recalibration.narrow(0, 0, calibration));
  return subnet;
}

void finetune(QuantSession& session, Subnet& subnet, const QuantRecipe& recipe, std::uint64_t seed) {
  if (recipe.finetune_images <= 0) return;
  FinetuneOptions options;
  options.images = recipe.finetune_images;
  options.batch_size = recipe.finetune_batch;
  options.learning_rate = recipe.learning_rate;
  options.seed = seed;
  quantization_aware_finetune(*subnet, *session.pool, options);
}

// Line i of a sample run: its config depends only on (seed, i), so a resumed run continues
// the same stream without replaying the lines before.
search::SubnetConfig sample_config(const search::Space& space, const QuantSampleRequest& request, std::int64_t line) {
  std::mt19937_64 rng(mix_seed(request.seed, static_cast<std::uint64_t>(line)));
  if (request.kind == QuantSampleKind::Random) return search::random_config(space, rng);
  const std::int64_t group = line / request.policies_per_arch;
  std::mt19937_64 arch_rng(mix_seed(request.seed ^ 0xa5c4a5c4a5c4a5c4ull, static_cast<std::uint64_t>(group)));
  return search::random_policy(space, search::random_config(space, arch_rng), rng);
}

}  // namespace

QuantEvalResult evaluate_quantized(const QuantEvalRequest& request) {
  QuantSession session = open_session(request.checkpoint, request.space_path, request.recipe, request.data_dir);
  const search::Space& space = session.space;
  const search::SubnetConfig config = search::load_config(space, request.config_path);
  QuantEvalResult result;
  result.space_name = space.name;
  result.config_json = search::config_to_json(space, config).dump();
  result.test_images = session.data.test.size();
  result.finetune_images = request.recipe.finetune_images;
  if (!request.skip_fp32) {
    result.fp32_top1 = subnet_accuracy(*session.checkpoint.supernet, config, session.recalibration,
                                       session.data.test, session.data.normalisation);
  }
  Subnet subnet = calibrated_subnet(session, config, request.recipe);
  result.ptq_top1 = top1_accuracy(*subnet, session.data.test, session.data.normalisation);
  result.top1 = result.ptq_top1;
  if (request.recipe.finetune_images > 0) {
    finetune(session, subnet, request.recipe, request.seed);
    result.top1 = top1_accuracy(*subnet, session.data.test, session.data.normalisation);
  }
  if (!request.out_path.empty()) {
    save_quantized_network({session.space_json, space, config, subnet}, request.out_path);
  }
  return result;
}

void sample_quantized(const QuantSampleRequest& request) {
  if (request.count <= 0) throw UsageError("--n must be positive, got " + std::to_string(request.count));
  if (request.policies_per_arch <= 0) {
    throw UsageError("--policies must be positive, got " + std::to_string(request.policies_per_arch));
  }
  check_recipe(request.recipe);
  const std::int64_t done = resumable_line_count(request.out_path, {"config", "accuracy"});
  if (done >= request.count) {
    std::fprintf(stderr, "%s already holds %lld samples\n", request.out_path.c_str(), static_cast<long long>(done));
    return;
  }
  QuantSession session = open_session(request.checkpoint, request.space_path, request.recipe, request.data_dir);
  const search::Space& space = session.space;
  // One finished line at a time: a killed run loses at most the network in progress.
  JsonLinesWriter out(request.out_path, false);
  Progress progress("sampling quantized sub-networks", request.count - done, "networks");
  for (std::int64_t i = done; i < request.count; ++i) {
    const search::SubnetConfig config = sample_config(space, request, i);
    Subnet subnet = calibrated_subnet(session, config, request.recipe);
    finetune(session, subnet, request.recipe, mix_seed(request.seed, static_cast<std::uint64_t>(i)) ^ 0x5eedull);
    nlohmann::ordered_json line;
    line["config"] = search::config_to_json(space, config);
    line["accuracy"] = top1_accuracy(*subnet, session.data.validation, session.data.normalisation,
                                     request.validation_images);
    line["finetune_images"] = request.recipe.finetune_images;
    out.append(line);
    progress.advance();
  }
  progress.finish();
}

}  // namespace apq::nn
