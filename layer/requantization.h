#pragma once
#include <cstdint>

namespace apq {

// How an integer pipeline takes a 32-bit accumulator back to an activation width: multiply by
// a real factor M = input scale x weight scale / output scale, held as a fixed-point multiplier
// and a shift (M = multiplier / 2^31 / 2^shift, multiplier in [2^30, 2^31), shift -31 to 31: a
// right shift, or for M >= 1 (low-bit weights with wide ranges) a saturating left shift of the
// accumulator before the multiply),
// the convention of gemmlowp and TFLite's integer-only inference (Jacob et al. 2018). One rounding
// rule, round half away from zero, in both steps (gemmlowp rounds a negative tie of the first
// step toward zero; that is the only difference). Every integer pipeline of the project (the
// accelerator model's vector unit and the LibTorch reference) uses these functions or computes
// exactly what they compute.
struct Requantization {
  std::int32_t multiplier = 0;  // 0: M is 0 (or below 2^-32), every value maps to 0
  int shift = 0;
};

// M must be finite, >= 0 and < 2^31; throws std::invalid_argument otherwise. Factors below 2^-32
// (which no trained network produces) become multiplier 0.
Requantization requantization_of(double factor);

// round(a x b / 2^31), half away from zero, saturated: only INT32_MIN x INT32_MIN overflows.
std::int32_t rounding_doubling_high_multiply(std::int32_t a, std::int32_t b);

// round(x / 2^exponent), half away from zero; exponent 0-31.
std::int32_t rounding_divide_by_power_of_two(std::int32_t x, int exponent);

// The accumulator requantized: rounding_divide_by_power_of_two(rounding_doubling_high_multiply(
// accumulator, multiplier), shift); for a negative shift the accumulator is first multiplied by
// 2^-shift, saturating at the int32 limits.
std::int32_t requantize(std::int32_t accumulator, const Requantization& r);

// The requantized value clamped to an unsigned activation of `bits` (ReLU6's clamp when the
// output scale maps 6.0 to 2^bits - 1): [0, 2^bits - 1], bits 1-16.
std::int32_t requantize_to_unsigned(std::int32_t accumulator, const Requantization& r, int bits);

}  // namespace apq
