#include "rtl/golden_model.h"

#include <stdexcept>
#include <string>

#include "common/random.h"

namespace apq::rtl {

int precision_mode(int bits) {
  switch (bits) {
    case 2: return 0;
    case 4: return 1;
    case 8: return 2;
    default: throw std::invalid_argument("array precision must be 2, 4 or 8 bits, got " + std::to_string(bits));
  }
}

int products_per_unit(const Precision& p) {
  precision_mode(p.abits);
  precision_mode(p.wbits);
  return (8 / p.abits) * (8 / p.wbits);
}

std::int32_t operand(std::uint32_t word, int index, int bits, bool is_signed) {
  const std::uint32_t mask = (1u << bits) - 1u;
  const std::uint32_t raw = (word >> (index * bits)) & mask;
  if (is_signed && (raw >> (bits - 1)) != 0u) {
    return static_cast<std::int32_t>(raw) - (1 << bits);
  }
  return static_cast<std::int32_t>(raw);
}

void set_operand(std::uint32_t& word, int index, int bits, std::int32_t value) {
  const std::uint32_t mask = (1u << bits) - 1u;
  const int shift = index * bits;
  word = (word & ~(mask << shift)) | ((static_cast<std::uint32_t>(value) & mask) << shift);
}

std::int32_t unit_dot(std::uint32_t act, std::uint32_t wgt, const Precision& p) {
  const int n = products_per_unit(p);
  std::int32_t sum = 0;
  for (int i = 0; i < n; ++i) {
    sum += operand(act, i, p.abits, p.asigned) * operand(wgt, i, p.wbits, p.wsigned);
  }
  return sum;
}

std::vector<std::int32_t> tile_outputs(const ArrayShape& shape, const ArrayTile& tile) {
  const Precision& p = tile.precision;
  const auto n = static_cast<std::size_t>(products_per_unit(p));
  // Each word's operands, decoded once: a weight word serves every pixel and an activation word
  // every column, so decoding them per unit_dot() call would repeat the work many times over.
  const auto decode = [n](const std::vector<std::uint32_t>& words, int bits, bool is_signed) {
    std::vector<std::int32_t> operands(words.size() * n);
    for (std::size_t w = 0; w < words.size(); ++w) {
      for (std::size_t i = 0; i < n; ++i) {
        operands[w * n + i] = operand(words[w], static_cast<int>(i), bits, is_signed);
      }
    }
    return operands;
  };
  const auto act = decode(tile.act, p.abits, p.asigned);
  const auto wgt = decode(tile.wgt, p.wbits, p.wsigned);
  std::vector<std::int32_t> out(static_cast<std::size_t>(tile.pixels) * shape.cols);
  for (int px = 0; px < tile.pixels; ++px) {
    for (int c = 0; c < shape.cols; ++c) {
      // Unsigned arithmetic gives the 32-bit wrap of the hardware accumulator without UB.
      std::uint32_t acc = 0;
      for (int t = 0; t < tile.steps; ++t) {
        for (int r = 0; r < shape.rows; ++r) {
          // unit_dot() of the unit in row r, column c for this pixel's step t
          const auto a_word = (static_cast<std::size_t>(px) * tile.steps + t) * shape.rows + r;
          const auto w_word = (static_cast<std::size_t>(t) * shape.rows + r) * shape.cols + c;
          const std::int32_t* a = &act[a_word * n];
          const std::int32_t* w = &wgt[w_word * n];
          std::int32_t dot = 0;
          for (std::size_t i = 0; i < n; ++i) dot += a[i] * w[i];
          acc += static_cast<std::uint32_t>(dot);
        }
      }
      out[static_cast<std::size_t>(px) * shape.cols + c] = static_cast<std::int32_t>(acc);
    }
  }
  return out;
}

std::int64_t tile_cycles(const ArrayShape& shape, std::int64_t pixels, std::int64_t steps) {
  // fill: the start cycle, the input register and one cycle per row down the columns;
  // steady state: one beat per cycle; drain: one cycle per column along the rows (de-skewed)
  // and the accumulator register.
  const std::int64_t fill = 2 + shape.rows;
  const std::int64_t steady = pixels * steps;
  const std::int64_t drain = shape.cols;
  return fill + steady + drain;
}

namespace {

ArrayTile empty_tile(const ArrayShape& shape, const Precision& p, int pixels, int steps) {
  products_per_unit(p);
  ArrayTile tile;
  tile.precision = p;
  tile.pixels = pixels;
  tile.steps = steps;
  tile.act.assign(static_cast<std::size_t>(pixels) * steps * shape.rows, 0u);
  tile.wgt.assign(static_cast<std::size_t>(steps) * shape.rows * shape.cols, 0u);
  return tile;
}

// Fills the used operand slots of every word with fill(bits, is_signed); unused bits stay 0.
template <typename Fill>
void fill_words(std::vector<std::uint32_t>& words, int count, int bits, bool is_signed, Fill fill) {
  for (auto& w : words) {
    for (int i = 0; i < count; ++i) set_operand(w, i, bits, fill(bits, is_signed));
  }
}

}  // namespace

ArrayTile random_tile(const ArrayShape& shape, const Precision& p, int pixels, int steps,
                      std::mt19937_64& rng) {
  auto tile = empty_tile(shape, p, pixels, steps);
  auto uniform = [&rng](int bits, bool is_signed) {
    const std::int32_t lo = is_signed ? -(1 << (bits - 1)) : 0;
    const std::int32_t hi = is_signed ? (1 << (bits - 1)) - 1 : (1 << bits) - 1;
    return static_cast<std::int32_t>(random_between(rng, lo, hi));
  };
  const int n = products_per_unit(p);
  fill_words(tile.act, n, p.abits, p.asigned, uniform);
  fill_words(tile.wgt, n, p.wbits, p.wsigned, uniform);
  return tile;
}

ArrayTile extreme_tile(const ArrayShape& shape, const Precision& p, int pixels, int steps,
                       bool act_min, bool wgt_min) {
  auto tile = empty_tile(shape, p, pixels, steps);
  auto extreme = [](bool most_negative) {
    return [most_negative](int bits, bool is_signed) {
      if (most_negative) return is_signed ? -(1 << (bits - 1)) : 0;
      return is_signed ? (1 << (bits - 1)) - 1 : (1 << bits) - 1;
    };
  };
  const int n = products_per_unit(p);
  fill_words(tile.act, n, p.abits, p.asigned, extreme(act_min));
  fill_words(tile.wgt, n, p.wbits, p.wsigned, extreme(wgt_min));
  return tile;
}

}  // namespace apq::rtl
