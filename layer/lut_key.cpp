#include "layer/lut_key.h"

#include <cctype>

namespace apq {
namespace {

// A decimal without sign or leading zeros at text[pos..] (0 itself only if allow_zero);
// advances pos.
bool read_number(const std::string& text, std::size_t& pos, bool allow_zero, int& value) {
  const std::size_t start = pos;
  while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) ++pos;
  const std::size_t digits = pos - start;
  if (digits == 0 || digits > 9) return false;
  if (text[start] == '0' && !(allow_zero && digits == 1)) return false;
  value = std::stoi(text.substr(start, digits));
  return true;
}

bool read_literal(const std::string& text, std::size_t& pos, const char* literal) {
  for (const char* c = literal; *c; ++c, ++pos)
    if (pos >= text.size() || text[pos] != *c) return false;
  return true;
}

}  // namespace

std::string lut_key(const LayerShape& layer) {
  return layer_tuple(layer) + "-W" + std::to_string(layer.wbits) + "A" + std::to_string(layer.abits);
}

std::optional<LayerShape> parse_lut_key(const std::string& key) {
  LayerShape layer;
  int* const fields[] = {&layer.cin,    &layer.cout,    &layer.in_size, &layer.kernel,
                         &layer.stride, &layer.padding, &layer.groups};
  std::size_t pos = 0;
  if (!read_literal(key, pos, "(")) return std::nullopt;
  for (int field = 0; field < 7; ++field) {
    if (field > 0 && !read_literal(key, pos, ", ")) return std::nullopt;
    if (!read_number(key, pos, /*allow_zero=*/field == 5, *fields[field])) return std::nullopt;  // padding may be 0
  }
  if (!read_literal(key, pos, ")-W") || !read_number(key, pos, false, layer.wbits) || !read_literal(key, pos, "A") ||
      !read_number(key, pos, false, layer.abits))
    return std::nullopt;
  if (pos != key.size()) return std::nullopt;
  return layer;
}

std::string add_lut_key(const LayerShape& add) {
  return "add(" + std::to_string(add.cout) + ", " + std::to_string(add.in_size) + ")-A" + std::to_string(add.abits);
}

std::optional<LayerShape> parse_add_lut_key(const std::string& key) {
  LayerShape add;
  std::size_t pos = 0;
  if (!read_literal(key, pos, "add(") || !read_number(key, pos, false, add.cout) || !read_literal(key, pos, ", ") ||
      !read_number(key, pos, false, add.in_size) || !read_literal(key, pos, ")-A") ||
      !read_number(key, pos, false, add.abits))
    return std::nullopt;
  if (pos != key.size()) return std::nullopt;
  add.cin = add.cout;
  add.wbits = add.abits;
  return add;
}

}  // namespace apq
