#pragma once
// Plain integer model of the fusion array's arithmetic and timing: the reference the Verilated
// RTL is checked against, and the tile timing the SystemC model reuses.
#include <cstdint>
#include <random>
#include <vector>

namespace apq::rtl {

// Operand precision of one tile; bits are 2, 4 or 8.
struct Precision {
  int abits = 8;
  int wbits = 8;
  bool asigned = false;
  bool wsigned = true;
};

struct ArrayShape {
  int rows = 16;
  int cols = 32;
};

// One tile streamed through the array: `pixels` output pixels, each reduced over `steps` beats
// (kernel taps x packed input-channel chunks). Words are 32-bit packed operands:
// act[(p * steps + t) * rows + r] and wgt[(t * rows + r) * cols + c].
struct ArrayTile {
  Precision precision;
  int pixels = 1;
  int steps = 1;
  std::vector<std::uint32_t> act;
  std::vector<std::uint32_t> wgt;
};

// Precision mode as the RTL encodes it: 2 -> 0, 4 -> 1, 8 -> 2.
int precision_mode(int bits);

// Products a Fusion Unit forms per cycle: (8 / abits) * (8 / wbits).
int products_per_unit(const Precision& p);

// Operand `index` of a packed word, `bits` wide, sign-extended when `is_signed`.
std::int32_t operand(std::uint32_t word, int index, int bits, bool is_signed);

// Sets operand `index` of a packed word to `value` (two's complement, truncated to `bits`).
void set_operand(std::uint32_t& word, int index, int bits, std::int32_t value);

// Sum of the products of one Fusion Unit cycle.
std::int32_t unit_dot(std::uint32_t act, std::uint32_t wgt, const Precision& p);

// out[p * cols + c]: the integer matrix product of the tile, accumulated in 32 bits with wrap.
std::vector<std::int32_t> tile_outputs(const ArrayShape& shape, const ArrayTile& tile);

// Cycles from the start pulse to the done pulse, both included (rtl/README.md derives it).
std::int64_t tile_cycles(const ArrayShape& shape, std::int64_t pixels, std::int64_t steps);

// A tile of uniformly random operands.
ArrayTile random_tile(const ArrayShape& shape, const Precision& p, int pixels, int steps,
                      std::mt19937_64& rng);

// A tile whose every activation and every weight is the most negative (`*_min`) or the most
// positive value its precision and signedness allow: the accumulator's extremes.
ArrayTile extreme_tile(const ArrayShape& shape, const Precision& p, int pixels, int steps,
                       bool act_min, bool wgt_min);

}  // namespace apq::rtl
