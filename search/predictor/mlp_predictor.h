#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "search/encoding/encoding.h"
#include "search/model/accuracy_model.h"
#include "search/predictor/predictor_file.h"
#include "search/space/space.h"

namespace apq::search {

// The accuracy predictor evaluated without LibTorch, single precision, a batch at a time: the
// one-hot input makes the first layers sums of weight rows, the hidden layers are batched
// matrix products (Eigen over the system BLAS). Eigen stays inside mlp_predictor.cpp, the only
// file of the project that includes it.
class MlpPredictor final : public AccuracyModel {
 public:
  // Throws apq::InputError naming `origin` when the weights do not fit the space's encoding.
  MlpPredictor(const Space& space, const PredictorWeights& weights, const std::string& origin);
  ~MlpPredictor() override;
  MlpPredictor(const MlpPredictor&) = delete;
  MlpPredictor& operator=(const MlpPredictor&) = delete;

  std::vector<double> predict(const std::vector<SubnetConfig>& configs) const override;

  // The same from each config's hot_indices (encoding.h; ascending). An fp32 predictor ignores
  // the quantization part.
  std::vector<double> predict_hot(const std::vector<std::vector<std::int32_t>>& hot) const;

  PredictorKind kind() const;
  const EncodingLayout& layout() const;

 private:
  struct Network;
  Space space_;
  EncodingLayout layout_;
  std::unique_ptr<Network> network_;
};

}  // namespace apq::search
