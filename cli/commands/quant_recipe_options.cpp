#include "cli/commands/quant_recipe_options.h"

#include <cmath>

#include "common/errors.h"

namespace apq::cli {

void add_quant_recipe_options(po::options_description& desc, std::int64_t default_finetune_images) {
  const nn::QuantRecipe defaults;
  desc.add_options()
      ("finetune-images", po::value<std::int64_t>()->default_value(default_finetune_images),
       "training images of quantization-aware fine-tuning (0: post-training quantization only)")
      ("recal-images", po::value<std::int64_t>()->default_value(defaults.recalibration_images),
       "validation images for BN recalibration")
      ("calib-images", po::value<std::int64_t>()->default_value(defaults.calibration_images),
       "validation images for calibrating activation ranges")
      ("lr", po::value<double>()->default_value(defaults.learning_rate),
       "fine-tuning learning rate (cosine to 0, SGD nesterov momentum 0.9)")
      ("finetune-batch", po::value<std::int64_t>()->default_value(defaults.finetune_batch), "fine-tuning batch size")
      ("data-dir", po::value<std::string>()->default_value(""),
       "Fashion-MNIST IDX folder (default: Debian's dataset-fashion-mnist)");
}

nn::QuantRecipe quant_recipe(const po::variables_map& vm) {
  nn::QuantRecipe recipe;
  recipe.finetune_images = int_option(vm, "finetune-images", 0, 1 << 24);
  recipe.recalibration_images = int_option(vm, "recal-images", 1, 1 << 20);
  recipe.calibration_images = int_option(vm, "calib-images", 1, 1 << 20);
  recipe.finetune_batch = int_option(vm, "finetune-batch", 1, 4096);
  recipe.learning_rate = vm["lr"].as<double>();
  if (!(recipe.learning_rate > 0) || !std::isfinite(recipe.learning_rate)) {
    throw UsageError("--lr must be a positive number, got " + std::to_string(recipe.learning_rate));
  }
  return recipe;
}

}  // namespace apq::cli
