#include <gtest/gtest.h>

#include <random>

#include "rtl/golden_model.h"

namespace {

using apq::rtl::Precision;

TEST(GoldenModel, OperandsRoundTripThroughPackedWords) {
  for (int bits : {2, 4, 8}) {
    for (bool is_signed : {false, true}) {
      const int lo = is_signed ? -(1 << (bits - 1)) : 0;
      for (int v = lo; v < lo + (1 << bits); ++v) {
        std::uint32_t word = 0xFFFFFFFFu;
        apq::rtl::set_operand(word, 32 / bits - 1, bits, v);
        EXPECT_EQ(apq::rtl::operand(word, 32 / bits - 1, bits, is_signed), v);
        EXPECT_EQ(apq::rtl::operand(word, 0, bits, false), (1 << bits) - 1) << "neighbour clobbered";
      }
    }
  }
}

TEST(GoldenModel, ProductsPerUnitFollowBitFusion) {
  EXPECT_EQ(apq::rtl::products_per_unit({8, 8}), 1);
  EXPECT_EQ(apq::rtl::products_per_unit({8, 4}), 2);
  EXPECT_EQ(apq::rtl::products_per_unit({4, 4}), 4);
  EXPECT_EQ(apq::rtl::products_per_unit({2, 8}), 4);
  EXPECT_EQ(apq::rtl::products_per_unit({4, 2}), 8);
  EXPECT_EQ(apq::rtl::products_per_unit({2, 2}), 16);
  EXPECT_THROW(apq::rtl::products_per_unit({6, 8}), std::invalid_argument);
}

TEST(GoldenModel, UnitDotSumsSignedAndUnsignedProducts) {
  // 2-bit x 2-bit: sixteen products; activation slots 0..15 hold 3,0,1,2,..., weights -2,1,...
  const Precision p{2, 2, false, true};
  std::uint32_t act = 0;
  std::uint32_t wgt = 0;
  int expected = 0;
  for (int i = 0; i < 16; ++i) {
    const int a = i % 4;
    const int w = (i % 4) - 2;
    apq::rtl::set_operand(act, i, 2, a);
    apq::rtl::set_operand(wgt, i, 2, w);
    expected += a * w;
  }
  EXPECT_EQ(apq::rtl::unit_dot(act, wgt, p), expected);
  EXPECT_EQ(apq::rtl::unit_dot(0x80u, 0x80u, {8, 8, true, true}), 16384);
  EXPECT_EQ(apq::rtl::unit_dot(0xFFu, 0xFFu, {8, 8, false, false}), 65025);
  EXPECT_EQ(apq::rtl::unit_dot(0xFFu, 0x80u, {8, 8, false, true}), -32640);
}

// tile_outputs() decodes each word once per tile; it must equal the per-unit reference.
TEST(GoldenModel, TileOutputsSumUnitDotsWithWrap) {
  const apq::rtl::ArrayShape shape{4, 8};
  std::mt19937_64 rng(7);
  for (int a : {2, 4, 8}) {
    for (int w : {2, 4, 8}) {
      for (int s = 0; s < 4; ++s) {
        const Precision p{a, w, (s & 1) != 0, (s & 2) != 0};
        const auto tile = apq::rtl::random_tile(shape, p, 3, 5, rng);
        const auto out = apq::rtl::tile_outputs(shape, tile);
        for (int px = 0; px < tile.pixels; ++px) {
          for (int c = 0; c < shape.cols; ++c) {
            std::uint32_t want = 0;
            for (int t = 0; t < tile.steps; ++t) {
              for (int r = 0; r < shape.rows; ++r) {
                const auto act = tile.act[(static_cast<std::size_t>(px) * tile.steps + t) * 4 + r];
                const auto wgt = tile.wgt[(static_cast<std::size_t>(t) * 4 + r) * 8 + c];
                want += static_cast<std::uint32_t>(apq::rtl::unit_dot(act, wgt, p));
              }
            }
            EXPECT_EQ(out[static_cast<std::size_t>(px) * 8 + c], static_cast<std::int32_t>(want))
                << "A" << a << " W" << w << " signedness " << s;
          }
        }
      }
    }
  }
}

TEST(GoldenModel, TileCyclesGrowOneBeatPerCycleWithFixedFillAndDrain) {
  const apq::rtl::ArrayShape s{16, 32};
  const auto base = apq::rtl::tile_cycles(s, 1, 1);
  EXPECT_EQ(apq::rtl::tile_cycles(s, 10, 4) - base, 39);
  EXPECT_EQ(apq::rtl::tile_cycles({4, 8}, 1, 1) + 12 + 24, base);
}

}  // namespace
