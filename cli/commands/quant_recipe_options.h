#pragma once
#include "cli/options.h"
#include "nn/quant_jobs.h"

namespace apq::cli {

// The options every quant command shares: how a sub-network is recalibrated, calibrated and
// fine-tuned (nn::QuantRecipe), and where the data is.
void add_quant_recipe_options(po::options_description& desc, std::int64_t default_finetune_images);
nn::QuantRecipe quant_recipe(const po::variables_map& vm);

}  // namespace apq::cli
