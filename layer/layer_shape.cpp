#include "layer/layer_shape.h"

#include <cctype>
#include <climits>
#include <cstddef>
#include <string>

#include "common/errors.h"
#include "layer/lut_key.h"

namespace apq {

bool LayerShape::operator==(const LayerShape& o) const {
  return cin == o.cin && cout == o.cout && in_size == o.in_size && kernel == o.kernel && stride == o.stride &&
         padding == o.padding && groups == o.groups && batch == o.batch && wbits == o.wbits && abits == o.abits;
}

int output_size(const LayerShape& layer) {
  return (layer.in_size + 2 * layer.padding - layer.kernel) / layer.stride + 1;
}

bool is_depthwise(const LayerShape& layer) {
  return layer.groups > 1 && layer.groups == layer.cin;
}

bool is_pointwise(const LayerShape& layer) { return layer.kernel == 1 && layer.groups == 1; }

bool default_im2col(const LayerShape& layer) {
  return layer.cin <= 3 && layer.kernel > 1 && layer.groups == 1;
}

namespace {

[[noreturn]] void reject(const LayerShape& layer, const std::string& field, int value,
                         const std::string& why) {
  throw InputError("layer " + describe_layer(layer) + ": " + field + " = " + std::to_string(value) +
                   " " + why);
}

void require_at_least(const LayerShape& layer, const char* field, int value, int minimum) {
  if (value < minimum) reject(layer, field, value, "must be at least " + std::to_string(minimum));
}

}  // namespace

constexpr long long kMaxPaddedSize = 1 << 16;

void validate_layer(const LayerShape& layer) {
  require_at_least(layer, "cin", layer.cin, 1);
  require_at_least(layer, "cout", layer.cout, 1);
  require_at_least(layer, "in_size", layer.in_size, 1);
  require_at_least(layer, "kernel", layer.kernel, 1);
  require_at_least(layer, "stride", layer.stride, 1);
  require_at_least(layer, "padding", layer.padding, 0);
  require_at_least(layer, "groups", layer.groups, 1);
  require_at_least(layer, "batch", layer.batch, 1);
  // In 64 bits: a padding near INT_MAX must be refused, not overflow (found by fuzzing).
  const long long padded = static_cast<long long>(layer.in_size) + 2LL * layer.padding;
  if (padded > kMaxPaddedSize)
    reject(layer, "padding", layer.padding,
           "makes the padded input " + std::to_string(padded) + " wide, more than " + std::to_string(kMaxPaddedSize));
  if (layer.kernel > padded)
    reject(layer, "kernel", layer.kernel,
           "is larger than the padded input (" + std::to_string(layer.in_size) + " + 2 x " +
               std::to_string(layer.padding) + ")");
  if (layer.cin % layer.groups != 0)
    reject(layer, "groups", layer.groups, "does not divide cin = " + std::to_string(layer.cin));
  if (layer.cout % layer.groups != 0)
    reject(layer, "groups", layer.groups, "does not divide cout = " + std::to_string(layer.cout));
  if (layer.wbits < 2 || layer.wbits > 8)
    reject(layer, "wbits", layer.wbits, "is outside 2..8");
  if (layer.abits < 2 || layer.abits > 8)
    reject(layer, "abits", layer.abits, "is outside 2..8");
}

namespace {

// A cursor over the key text; every failure names the whole key.
struct KeyReader {
  const std::string& text;
  std::size_t pos = 0;

  [[noreturn]] void fail(const std::string& expected) const {
    throw InputError("layer key '" + text + "': expected " + expected + " at character " +
                     std::to_string(pos + 1));
  }
  void skip_spaces() {
    while (pos < text.size() && std::isspace(static_cast<unsigned char>(text[pos]))) ++pos;
  }
  bool accept(char c) {
    skip_spaces();
    if (pos < text.size() && text[pos] == c) {
      ++pos;
      return true;
    }
    return false;
  }
  void expect(char c) {
    if (!accept(c)) fail(std::string("'") + c + "'");
  }
  int integer(const char* field) {
    skip_spaces();
    const std::size_t start = pos;
    if (pos < text.size() && text[pos] == '-') ++pos;
    long long value = 0;
    const std::size_t digits = pos;
    while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) {
      value = value * 10 + (text[pos] - '0');
      if (value > INT_MAX) fail(std::string("a smaller integer for ") + field);
      ++pos;
    }
    if (pos == digits) {
      pos = start;
      fail(std::string("an integer for ") + field);
    }
    return static_cast<int>(text[start] == '-' ? -value : value);
  }
};

}  // namespace

LayerShape parse_layer_key(const std::string& text) {
  KeyReader reader{text};
  LayerShape layer;
  reader.expect('(');
  layer.cin = reader.integer("cin");
  reader.expect(',');
  layer.cout = reader.integer("cout");
  reader.expect(',');
  layer.in_size = reader.integer("in_size");
  reader.expect(',');
  layer.kernel = reader.integer("kernel");
  reader.expect(',');
  layer.stride = reader.integer("stride");
  reader.expect(',');
  layer.padding = reader.integer("padding");
  reader.expect(',');
  layer.groups = reader.integer("groups");
  reader.expect(')');
  if (reader.accept('-')) {
    reader.expect('W');
    layer.wbits = reader.integer("wbits");
    reader.expect('A');
    layer.abits = reader.integer("abits");
  }
  reader.skip_spaces();
  if (reader.pos != text.size()) reader.fail("the end of the key");
  return layer;
}

std::string layer_tuple(const LayerShape& layer) {
  return "(" + std::to_string(layer.cin) + ", " + std::to_string(layer.cout) + ", " +
         std::to_string(layer.in_size) + ", " + std::to_string(layer.kernel) + ", " +
         std::to_string(layer.stride) + ", " + std::to_string(layer.padding) + ", " +
         std::to_string(layer.groups) + ")";
}

std::string describe_layer(const LayerShape& layer) {
  return lut_key(layer) + " batch " + std::to_string(layer.batch);
}

}  // namespace apq
