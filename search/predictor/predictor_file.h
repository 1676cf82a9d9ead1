#pragma once
#include <string>
#include <vector>

#include "search/encoding/encoding.h"
#include "search/space/space.h"

namespace apq::search {

// fp32: the MLP on the architecture part of the encoding. quant: the same MLP plus a linear layer
// from the quantization part to the first hidden width, added after the first ReLU (APQ).
enum class PredictorKind { Fp32, Quant };

const char* predictor_kind_name(PredictorKind kind);

// A linear layer as PyTorch stores it: weight out x in, row-major.
struct DenseLayer {
  int out = 0;
  int in = 0;
  std::vector<float> weight;
  std::vector<float> bias;
};

// An accuracy predictor's weights, as in the plain file (search/README.md):
// accuracy = output(relu(third(relu(second(h1))))), h1 = relu(first(arch)) [+ quant(bits)].
struct PredictorWeights {
  PredictorKind kind = PredictorKind::Fp32;
  std::string space_name;
  int arch_inputs = 0;
  int quant_inputs = 0;  // 0 for fp32
  int hidden = 0;
  DenseLayer first;   // hidden x arch_inputs
  DenseLayer quant;   // hidden x quant_inputs; quant only
  DenseLayer second;  // hidden x hidden
  DenseLayer third;   // hidden x hidden
  DenseLayer output;  // 1 x hidden
};

// Layers of the given shapes for `space`'s encoding, all weights zero.
PredictorWeights zero_predictor(const Space& space, PredictorKind kind, int hidden);

// Strict: every header line, tensor name and shape in order, every number finite, nothing after
// the last. Throws apq::InputError naming `origin`, the line, the field and the value.
PredictorWeights parse_predictor(const std::string& text, const std::string& origin);
PredictorWeights load_predictor(const std::string& path);

// Numbers printed with 9 significant digits, which read back to the same float.
std::string predictor_to_text(const PredictorWeights& weights);
void save_predictor(const std::string& path, const PredictorWeights& weights);  // atomically

// Throws apq::InputError naming `origin`, the field and the value when the predictor was made
// for another space or another encoding length.
void check_predictor_fits(const PredictorWeights& weights, const Space& space, const EncodingLayout& layout,
                          const std::string& origin);

}  // namespace apq::search
