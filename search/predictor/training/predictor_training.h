#pragma once
#include <cstdint>
#include <functional>
#include <string>

#include "search/predictor/predictor_file.h"
#include "search/predictor/quality.h"

// Training the accuracy predictor with LibTorch. This header is torch-free on purpose (the CLI
// includes it); predictor_training.cpp is the only file under search/ that includes LibTorch.
namespace apq::search {

struct PredictorTrainRequest {
  std::string space_path;
  std::string data_path;  // JSON lines {"config", "accuracy"} (sample_file.h)
  std::string out_path;   // the plain predictor file (search/README.md)
  PredictorKind kind = PredictorKind::Fp32;
  // A trained fp32 predictor file whose layers initialise the shared ones (APQ's transfer to
  // the quantization-aware predictor); empty: PyTorch's default initialisation.
  std::string init_path;
  int hidden = 400;
  int epochs = 200;
  int batch = 256;
  double learning_rate = 1e-3;
  double validation_fraction = 0.2;  // held out, seeded; 0 trains on everything
  std::uint64_t seed = 1;
};

struct PredictorTrainResult {
  PredictorQuality train;
  PredictorQuality validation;  // samples == 0 without a held-out part
};

// Adam on the mean squared error, APQ's forward pass; the weights are written atomically to
// out_path at the end, and the qualities are those of the written file as the search's
// evaluator (MlpPredictor) reads it. Throws apq::InputError for bad input (files named), before
// any training.
PredictorTrainResult train_predictor(const PredictorTrainRequest& request,
                                     const std::function<void(int epoch, double loss)>& on_epoch = {});

}  // namespace apq::search
