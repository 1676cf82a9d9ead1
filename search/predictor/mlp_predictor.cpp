#include "search/predictor/mlp_predictor.h"

#include <Eigen/Dense>

#include <algorithm>

namespace apq::search {

namespace {

using Matrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using Row = Eigen::Matrix<float, 1, Eigen::Dynamic>;

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

// out += the listed rows of a row-major table `cols` wide: a one-hot input times a weight
// matrix. Compiled for several vector units and chosen at run time, so that the portable
// binary uses AVX2 / AVX-512 where the CPU has them (the rows are a third of a batch's work).
__attribute__((target_clones("avx512f", "avx2", "default"))) void add_rows(
    const float* __restrict table, Eigen::Index cols, const std::int32_t* rows, std::size_t count,
    std::int32_t offset, float* __restrict out) {
  for (std::size_t k = 0; k < count; ++k) {
    const float* row = table + static_cast<Eigen::Index>(rows[k] - offset) * cols;
    for (Eigen::Index c = 0; c < cols; ++c) out[c] += row[c];
  }
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
  const Eigen::Index hidden = net.first.weight_t.cols();
  Matrix h = Matrix::Zero(n, hidden);
  Matrix q;
  if (quantized) q = Matrix::Zero(n, hidden);
  for (Eigen::Index i = 0; i < n; ++i) {
    // Hot indices are ascending, architecture part first.
    const std::vector<std::int32_t>& ones = hot[static_cast<std::size_t>(i)];
    const auto split = static_cast<std::size_t>(
        std::lower_bound(ones.begin(), ones.end(), static_cast<std::int32_t>(layout_.arch_length)) - ones.begin());
    add_rows(net.first.weight_t.data(), hidden, ones.data(), split, 0, h.row(i).data());
    if (quantized) {
      add_rows(net.quant.weight_t.data(), hidden, ones.data() + split, ones.size() - split,
               static_cast<std::int32_t>(layout_.arch_length), q.row(i).data());
    }
  }
  h = (h.rowwise() + net.first.bias).cwiseMax(0.0f);
  if (quantized) {
    // APQ adds the quantization layer's output after the first ReLU, not before it.
    h += q;
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
