#include "search/predictor/predictor_file.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "common/atomic_file.h"
#include "common/errors.h"

namespace apq::search {
namespace {

constexpr const char* kMagic = "apq-accuracy-predictor";
constexpr int kVersion = 1;

// Whitespace-separated tokens with the line each starts on.
class Tokens {
 public:
  Tokens(const std::string& text, std::string origin) : text_(text), origin_(std::move(origin)) {}

  bool at_end() {
    skip_space();
    return pos_ == text_.size();
  }

  std::string next(const std::string& what) {
    if (at_end()) fail("the file ends where " + what + " should follow");
    const std::size_t start = pos_;
    while (pos_ < text_.size() && !is_space(text_[pos_])) ++pos_;
    return text_.substr(start, pos_ - start);
  }

  void expect(const std::string& literal) {
    const std::string token = next("'" + literal + "'");
    if (token != literal) fail("expected '" + literal + "', got '" + token + "'");
  }

  int positive_int(const std::string& field) {
    const std::string token = next(field);
    int value = 0;
    const auto [end, error] = std::from_chars(token.data(), token.data() + token.size(), value);
    if (error != std::errc() || end != token.data() + token.size() || value < 1)
      fail(field + " = '" + token + "': expected a positive integer");
    return value;
  }

  // `field` is called only to name the value in an error: files hold hundreds of thousands.
  template <typename Field>
  float number(const Field& field) {
    const std::string token = next("a number");
    float value = 0;
    const auto [end, error] = std::from_chars(token.data(), token.data() + token.size(), value);
    if (error != std::errc() || end != token.data() + token.size() || !std::isfinite(value))
      fail(field() + " = '" + token + "': expected a finite number");
    return value;
  }

  [[noreturn]] void fail(const std::string& problem) const {
    throw InputError(origin_ + ": line " + std::to_string(line_) + ": " + problem);
  }

 private:
  static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
  void skip_space() {
    while (pos_ < text_.size() && is_space(text_[pos_])) {
      if (text_[pos_] == '\n') ++line_;
      ++pos_;
    }
  }

  const std::string& text_;
  std::string origin_;
  std::size_t pos_ = 0;
  int line_ = 1;
};

int header_value(Tokens& tokens, const std::string& key) {
  tokens.expect(key);
  return tokens.positive_int(key);
}

// "<name>.weight <out> <in>", out x in numbers, "<name>.bias <out>", out numbers.
DenseLayer read_layer(Tokens& tokens, const std::string& name, int out, int in) {
  DenseLayer layer{out, in, {}, {}};
  const auto read_tensor = [&](const std::string& tensor, std::vector<float>& values, std::vector<int> shape) {
    tokens.expect(tensor);
    for (std::size_t d = 0; d < shape.size(); ++d) {
      const std::string field = tensor + " dimension " + std::to_string(d);
      const int got = tokens.positive_int(field);
      if (got != shape[d])
        tokens.fail(field + " = " + std::to_string(got) + ": expected " + std::to_string(shape[d]) +
                    " (from the header)");
    }
    std::size_t count = 1;
    for (int extent : shape) count *= static_cast<std::size_t>(extent);
    values.resize(count);
    for (std::size_t i = 0; i < count; ++i) {
      values[i] = tokens.number([&] {
        return shape.size() == 2 ? tensor + "[" + std::to_string(i / in) + "][" + std::to_string(i % in) + "]"
                                 : tensor + "[" + std::to_string(i) + "]";
      });
    }
  };
  read_tensor(name + ".weight", layer.weight, {out, in});
  read_tensor(name + ".bias", layer.bias, {out});
  return layer;
}

DenseLayer zero_layer(int out, int in) {
  return {out, in, std::vector<float>(static_cast<std::size_t>(out) * in, 0.0f),
          std::vector<float>(static_cast<std::size_t>(out), 0.0f)};
}

void write_layer(std::string& text, const std::string& name, const DenseLayer& layer) {
  char number[32];
  text += name + ".weight " + std::to_string(layer.out) + " " + std::to_string(layer.in) + "\n";
  for (int r = 0; r < layer.out; ++r) {
    for (int c = 0; c < layer.in; ++c) {
      std::snprintf(number, sizeof number, c == 0 ? "%.9g" : " %.9g",
                    static_cast<double>(layer.weight[static_cast<std::size_t>(r) * layer.in + c]));
      text += number;
    }
    text += "\n";
  }
  text += name + ".bias " + std::to_string(layer.out) + "\n";
  for (int r = 0; r < layer.out; ++r) {
    std::snprintf(number, sizeof number, r == 0 ? "%.9g" : " %.9g", static_cast<double>(layer.bias[r]));
    text += number;
  }
  text += "\n";
}

}  // namespace

const char* predictor_kind_name(PredictorKind kind) { return kind == PredictorKind::Quant ? "quant" : "fp32"; }

PredictorWeights zero_predictor(const Space& space, PredictorKind kind, int hidden) {
  const EncodingLayout layout = encoding_layout(space);
  PredictorWeights w;
  w.kind = kind;
  w.space_name = space.name;
  w.arch_inputs = layout.arch_length;
  w.quant_inputs = kind == PredictorKind::Quant ? layout.quant_length : 0;
  w.hidden = hidden;
  w.first = zero_layer(hidden, w.arch_inputs);
  if (kind == PredictorKind::Quant) w.quant = zero_layer(hidden, w.quant_inputs);
  w.second = zero_layer(hidden, hidden);
  w.third = zero_layer(hidden, hidden);
  w.output = zero_layer(1, hidden);
  return w;
}

PredictorWeights parse_predictor(const std::string& text, const std::string& origin) {
  Tokens tokens(text, origin);
  const std::string magic = tokens.next("the format name");
  if (magic != kMagic)
    tokens.fail("'" + magic + "' is not an accuracy predictor file (expected '" + kMagic + "' first)");
  const int version = tokens.positive_int("version");
  if (version != kVersion)
    tokens.fail("version = " + std::to_string(version) + ": this apq reads version " + std::to_string(kVersion));
  PredictorWeights w;
  tokens.expect("space");
  w.space_name = tokens.next("the space name");
  tokens.expect("kind");
  const std::string kind = tokens.next("the kind");
  if (kind != "fp32" && kind != "quant") tokens.fail("kind = '" + kind + "': expected fp32 or quant");
  w.kind = kind == "quant" ? PredictorKind::Quant : PredictorKind::Fp32;
  w.arch_inputs = header_value(tokens, "arch_inputs");
  if (w.kind == PredictorKind::Quant) w.quant_inputs = header_value(tokens, "quant_inputs");
  w.hidden = header_value(tokens, "hidden");
  w.first = read_layer(tokens, "first", w.hidden, w.arch_inputs);
  if (w.kind == PredictorKind::Quant) w.quant = read_layer(tokens, "quant", w.hidden, w.quant_inputs);
  w.second = read_layer(tokens, "second", w.hidden, w.hidden);
  w.third = read_layer(tokens, "third", w.hidden, w.hidden);
  w.output = read_layer(tokens, "output", 1, w.hidden);
  if (!tokens.at_end()) tokens.fail("unexpected '" + tokens.next("") + "' after the output layer");
  return w;
}

PredictorWeights load_predictor(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot read the predictor file");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_predictor(text.str(), path);
}

std::string predictor_to_text(const PredictorWeights& w) {
  std::string text = std::string(kMagic) + " " + std::to_string(kVersion) + "\n";
  text += "space " + w.space_name + "\n";
  text += std::string("kind ") + predictor_kind_name(w.kind) + "\n";
  text += "arch_inputs " + std::to_string(w.arch_inputs) + "\n";
  if (w.kind == PredictorKind::Quant) text += "quant_inputs " + std::to_string(w.quant_inputs) + "\n";
  text += "hidden " + std::to_string(w.hidden) + "\n";
  write_layer(text, "first", w.first);
  if (w.kind == PredictorKind::Quant) write_layer(text, "quant", w.quant);
  write_layer(text, "second", w.second);
  write_layer(text, "third", w.third);
  write_layer(text, "output", w.output);
  return text;
}

void save_predictor(const std::string& path, const PredictorWeights& weights) {
  write_file_atomically(path, predictor_to_text(weights));
}

void check_predictor_fits(const PredictorWeights& w, const Space& space, const EncodingLayout& layout,
                          const std::string& origin) {
  if (w.space_name != space.name)
    throw InputError(origin + ": space = " + w.space_name + ": the predictor was trained for another space than '" +
                     space.name + "'");
  const auto check = [&](const char* field, int value, int expected, const char* part) {
    if (value != expected)
      throw InputError(origin + ": " + field + " = " + std::to_string(value) + ": space '" + space.name +
                       "' encodes the " + part + " in " + std::to_string(expected) +
                       " inputs (a predictor of another encoding length)");
  };
  check("arch_inputs", w.arch_inputs, layout.arch_length, "architecture");
  if (w.kind == PredictorKind::Quant) check("quant_inputs", w.quant_inputs, layout.quant_length, "quantization policy");
}

}  // namespace apq::search
