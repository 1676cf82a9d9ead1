// The requantization rule every integer pipeline shares: fixed-point multiplier and right shift,
// round half away from zero, at the extremes of the 32-bit range.
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <stdexcept>

#include <gtest/gtest.h>

#include "layer/requantization.h"

namespace apq {
namespace {

constexpr std::int32_t kMax = std::numeric_limits<std::int32_t>::max();
constexpr std::int32_t kMin = std::numeric_limits<std::int32_t>::min();

TEST(Requantization, FactorsBecomeMultiplierAndRightShift) {
  EXPECT_EQ(requantization_of(0.5).multiplier, 1 << 30);
  EXPECT_EQ(requantization_of(0.5).shift, 0);
  EXPECT_EQ(requantization_of(0.25).multiplier, 1 << 30);
  EXPECT_EQ(requantization_of(0.25).shift, 1);
  EXPECT_EQ(requantization_of(0.75).multiplier, 3 << 29);
  EXPECT_EQ(requantization_of(0.0).multiplier, 0);
  // The smallest factor with a shift of 31, and one below every representable one.
  EXPECT_EQ(requantization_of(std::ldexp(1.0, -32)).shift, 31);
  EXPECT_EQ(requantization_of(std::ldexp(1.0, -34)).multiplier, 0);
  // Just below 1: the fraction rounds up to 1, so the exponent moves: 2^30 at shift -1 is 1.0.
  EXPECT_EQ(requantization_of(1.0 - std::ldexp(1.0, -40)).multiplier, 1 << 30);
  EXPECT_EQ(requantization_of(1.0 - std::ldexp(1.0, -40)).shift, -1);
  // Factors of 1 and more shift left.
  EXPECT_EQ(requantization_of(1.0).shift, -1);
  EXPECT_EQ(requantization_of(3.0).multiplier, 3 << 29);
  EXPECT_EQ(requantization_of(3.0).shift, -2);
  EXPECT_EQ(requantization_of(std::ldexp(1.0, 30)).shift, -31);
  for (const double bad : {std::ldexp(1.0, 31), -0.1, std::nan(""), std::numeric_limits<double>::infinity()})
    EXPECT_THROW(requantization_of(bad), std::invalid_argument) << bad;
}

TEST(Requantization, DoublingHighMultiplyRoundsHalvesAwayFromZeroAndSaturates) {
  EXPECT_EQ(rounding_doubling_high_multiply(1, 1 << 30), 1);    // 0.5
  EXPECT_EQ(rounding_doubling_high_multiply(-1, 1 << 30), -1);  // -0.5
  EXPECT_EQ(rounding_doubling_high_multiply(3, 1 << 30), 2);    // 1.5
  EXPECT_EQ(rounding_doubling_high_multiply(-3, 1 << 30), -2);  // -1.5
  EXPECT_EQ(rounding_doubling_high_multiply(kMin, kMin), kMax);
  EXPECT_EQ(rounding_doubling_high_multiply(kMax, kMax), kMax - 1);
  EXPECT_EQ(rounding_doubling_high_multiply(kMin, kMax), -kMax);
  EXPECT_EQ(rounding_doubling_high_multiply(kMax, kMin), -kMax);
  EXPECT_EQ(rounding_doubling_high_multiply(0, kMin), 0);
}

TEST(Requantization, DivideByPowerOfTwoRoundsHalvesAwayFromZero) {
  const std::int32_t cases[][3] = {
      {5, 1, 3},     {-5, 1, -3},  {4, 1, 2},   {-4, 1, -2}, {-1, 1, -1},  {1, 1, 1},
      {-7, 2, -2},   {-6, 2, -2},  {-5, 2, -1}, {6, 2, 2},   {5, 2, 1},    {7, 0, 7},
      {kMax, 0, kMax}, {kMin, 0, kMin}, {kMax, 31, 1}, {kMin, 31, -1}, {1 << 30, 31, 1}, {-(1 << 30), 31, -1},
      {(1 << 30) - 1, 31, 0}, {-(1 << 30) + 1, 31, 0}};
  for (const auto& c : cases) EXPECT_EQ(rounding_divide_by_power_of_two(c[0], c[1]), c[2]) << c[0] << " >> " << c[1];
  EXPECT_THROW(rounding_divide_by_power_of_two(1, 32), std::invalid_argument);
  EXPECT_THROW(rounding_divide_by_power_of_two(1, -1), std::invalid_argument);
}

// requantize(acc, M) is acc x M rounded half away from zero (the accumulator saturated first
// when M >= 1 shifts it left), within one unit for any factor the fixed-point form holds (exact
// products in long double).
TEST(Requantization, RequantizeIsTheRoundedProductWithinOne) {
  std::mt19937_64 rng(7);
  for (int i = 0; i < 20000; ++i) {
    const double factor =
        std::ldexp(static_cast<double>(rng() % 1000000 + 1) / 1000001.0, static_cast<int>(rng() % 36) - 30);
    const auto acc = static_cast<std::int32_t>(static_cast<std::uint32_t>(rng()));
    const Requantization r = requantization_of(factor);
    // A left shift saturates the accumulator before the multiply.
    long double shifted = std::ldexp(static_cast<long double>(acc), r.shift < 0 ? -r.shift : 0);
    shifted = std::max(std::min(shifted, static_cast<long double>(kMax)), static_cast<long double>(kMin));
    const long double exact = shifted * r.multiplier / std::ldexp(1.0L, 31 + (r.shift > 0 ? r.shift : 0));
    const long double rounded = exact < 0 ? -std::floor(-exact + 0.5L) : std::floor(exact + 0.5L);
    EXPECT_LE(std::fabs(static_cast<long double>(requantize(acc, r)) - rounded), 1.0L) << acc << " x " << factor;
  }
}

TEST(Requantization, LeftShiftsSaturate) {
  const Requantization four = requantization_of(4.0);  // 2^30 at shift -3
  EXPECT_EQ(requantize(100, four), 400);
  EXPECT_EQ(requantize(-100, four), -400);
  EXPECT_EQ(requantize(kMax / 2, four), 1 << 30);  // x 8 saturates at kMax, then x 1/2 rounds up
  EXPECT_EQ(requantize(kMin, four), kMin / 2);
  EXPECT_THROW(requantize(1, {1 << 30, 32}), std::invalid_argument);
  EXPECT_THROW(requantize(1, {1 << 30, -32}), std::invalid_argument);
}

TEST(Requantization, UnsignedActivationsClampAtZeroAndTheTopCode) {
  const Requantization half = requantization_of(0.5);
  EXPECT_EQ(requantize_to_unsigned(-100, half, 4), 0);
  EXPECT_EQ(requantize_to_unsigned(21, half, 4), 11);  // 10.5 away from zero
  EXPECT_EQ(requantize_to_unsigned(100, half, 4), 15);
  EXPECT_EQ(requantize_to_unsigned(kMax, half, 8), 255);
  EXPECT_EQ(requantize_to_unsigned(kMin, half, 8), 0);
  EXPECT_EQ(requantize_to_unsigned(kMax, {}, 8), 0);  // a zero factor
  EXPECT_THROW(requantize_to_unsigned(1, half, 0), std::invalid_argument);
  EXPECT_THROW(requantize_to_unsigned(1, half, 17), std::invalid_argument);
}

}  // namespace
}  // namespace apq
