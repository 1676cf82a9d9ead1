#include "search/predictor/mlp_predictor.h"

#include <Eigen/Dense>
#include <Eigen/SparseCore>

namespace apq::search {

namespace {

using Matrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using Row = Eigen::Matrix<float, 1, Eigen::Dynamic>;
using Sparse = Eigen::SparseMatrix<float, Eigen::RowMajor>;

// Stored transposed (in x out) so that a batch of row vectors multiplies it from the left.
struct Linear {
  Matrix weight_t;
  Row bias;
};

Linear to_linear(const DenseLayer& layer) {
  Linear linear;
  linear.weight_t = Eigen::Map<const Matrix>(layer.weight.data(), layer.out, layer.in).transpose();
  linear.bias = Eigen::Map<const Row>(layer.bias.data(), layer.out);
  return linear;
}

}  // namespace

struct MlpPredictor::Network {
  PredictorKind kind = PredictorKind::Fp32;
  Linear first, quant, second, third, output;
};

MlpPredictor::MlpPredictor(const Space& space, const PredictorWeights& weights, const std::string& origin)
    : space_(space), layout_(encoding_layout(space)), network_(std::make_unique<Network>()) {
  check_predictor_fits(weights, space, layout_, origin);
  network_->kind = weights.kind;
  network_->first = to_linear(weights.first);
  if (weights.kind == PredictorKind::Quant) network_->quant = to_linear(weights.quant);
  network_->second = to_linear(weights.second);
  network_->third = to_linear(weights.third);
  network_->output = to_linear(weights.output);
}

MlpPredictor::~MlpPredictor() = default;

PredictorKind MlpPredictor::kind() const { return network_->kind; }

const EncodingLayout& MlpPredictor::layout() const { return layout_; }

std::vector<double> MlpPredictor::predict(const std::vector<SubnetConfig>& configs) const {
  std::vector<std::vector<std::int32_t>> hot;
  hot.reserve(configs.size());
  for (const SubnetConfig& config : configs) hot.push_back(hot_indices(space_, layout_, config));
  return predict_hot(hot);
}

std::vector<double> MlpPredictor::predict_hot(const std::vector<std::vector<std::int32_t>>& hot) const {
  const Network& net = *network_;
  const auto n = static_cast<Eigen::Index>(hot.size());
  const bool quantized = net.kind == PredictorKind::Quant;
  // Hot indices are ascending, architecture part first: each row's ones go in column order,
  // so the sparse inputs are filled in place, without sorting triplets.
  Sparse arch(n, layout_.arch_length);
  Sparse bits(n, quantized ? layout_.quant_length : 1);
  arch.reserve(static_cast<Eigen::Index>(n * 2 * layout_.blocks.size()));
  if (quantized) bits.reserve(static_cast<Eigen::Index>(n * 4 * layout_.blocks.size()));
  for (Eigen::Index i = 0; i < n; ++i) {
    arch.startVec(i);
    bits.startVec(i);
    for (const std::int32_t j : hot[i]) {
      if (j < layout_.arch_length)
        arch.insertBack(i, j) = 1.0f;
      else if (quantized)
        bits.insertBack(i, j - layout_.arch_length) = 1.0f;
    }
  }
  arch.finalize();
  bits.finalize();

  Matrix h = arch * net.first.weight_t;
  h = (h.rowwise() + net.first.bias).cwiseMax(0.0f);
  if (quantized) {
    // APQ adds the quantization layer's output after the first ReLU, not before it.
    h.noalias() += bits * net.quant.weight_t;
    h.rowwise() += net.quant.bias;
  }
  Matrix g(n, net.second.weight_t.cols());
  g.noalias() = h * net.second.weight_t;
  g = (g.rowwise() + net.second.bias).cwiseMax(0.0f);
  h.noalias() = g * net.third.weight_t;
  h = (h.rowwise() + net.third.bias).cwiseMax(0.0f);
  const Eigen::VectorXf out = (h * net.output.weight_t).array() + net.output.bias(0);

  return std::vector<double>(out.data(), out.data() + n);
}

}  // namespace apq::search
