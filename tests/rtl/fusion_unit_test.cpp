#include <gtest/gtest.h>

#include <Vfusion_unit.h>
#include <verilated.h>

#include <cstdint>
#include <random>
#include <string>

#include "common/random.h"
#include "rtl/golden_model.h"

namespace {

using apq::rtl::Precision;

struct UnitCase {
  int abits;
  int wbits;
  bool asigned;
  bool wsigned;
};

std::string case_name(const testing::TestParamInfo<UnitCase>& info) {
  const auto& c = info.param;
  return "A" + std::to_string(c.abits) + (c.asigned ? "s" : "u") + "W" + std::to_string(c.wbits) +
         (c.wsigned ? "s" : "u");
}

class FusionUnitExhaustive : public testing::TestWithParam<UnitCase> {};

std::int32_t random_operand(std::mt19937_64& rng, int bits, bool is_signed) {
  const std::int32_t lo = is_signed ? -(1 << (bits - 1)) : 0;
  return static_cast<std::int32_t>(apq::random_between(rng, lo, lo + (1 << bits) - 1));
}

void configure(Vfusion_unit& unit, const UnitCase& c) {
  unit.amode = apq::rtl::precision_mode(c.abits);
  unit.wmode = apq::rtl::precision_mode(c.wbits);
  unit.asigned = c.asigned;
  unit.wsigned = c.wsigned;
}

// Every operand value pair, placed in every product slot of the unit, with the other slots and
// the incoming partial sum random: the registered sum must equal the golden model's.
TEST_P(FusionUnitExhaustive, EveryOperandPairInEverySlotIsBitExact) {
  const auto& c = GetParam();
  const Precision p{c.abits, c.wbits, c.asigned, c.wsigned};
  const int slots = apq::rtl::products_per_unit(p);
  VerilatedContext context;
  Vfusion_unit unit(&context);
  configure(unit, c);
  unit.en = 1;
  std::mt19937_64 rng(1234 + c.abits * 100 + c.wbits * 10 + c.asigned * 2 + c.wsigned);
  const std::int32_t alo = c.asigned ? -(1 << (c.abits - 1)) : 0;
  const std::int32_t wlo = c.wsigned ? -(1 << (c.wbits - 1)) : 0;
  long mismatches = 0;
  for (int slot = 0; slot < slots; ++slot) {
    for (std::int32_t a = alo; a < alo + (1 << c.abits); ++a) {
      for (std::int32_t w = wlo; w < wlo + (1 << c.wbits); ++w) {
        std::uint32_t act = 0;
        std::uint32_t wgt = 0;
        for (int i = 0; i < slots; ++i) {
          apq::rtl::set_operand(act, i, c.abits, i == slot ? a : random_operand(rng, c.abits, c.asigned));
          apq::rtl::set_operand(wgt, i, c.wbits, i == slot ? w : random_operand(rng, c.wbits, c.wsigned));
        }
        const auto psum_in = static_cast<std::uint32_t>(rng());
        unit.act = act;
        unit.wgt = wgt;
        unit.psum_in = psum_in;
        unit.clk = 0;
        unit.eval();
        unit.clk = 1;
        unit.eval();
        const auto expected = psum_in + static_cast<std::uint32_t>(apq::rtl::unit_dot(act, wgt, p));
        if (unit.psum_out != expected && ++mismatches <= 5) {
          ADD_FAILURE() << "slot " << slot << " a=" << a << " w=" << w << " act=0x" << std::hex
                        << act << " wgt=0x" << wgt << " got 0x" << unit.psum_out << " want 0x"
                        << expected;
        }
      }
    }
  }
  EXPECT_EQ(mismatches, 0);
}

// With en low the unit holds its sum; fed back, it accumulates one dot product per cycle.
TEST_P(FusionUnitExhaustive, AccumulatesAcrossCyclesAndHoldsWhenDisabled) {
  const auto& c = GetParam();
  const Precision p{c.abits, c.wbits, c.asigned, c.wsigned};
  const int slots = apq::rtl::products_per_unit(p);
  VerilatedContext context;
  Vfusion_unit unit(&context);
  configure(unit, c);
  std::mt19937_64 rng(99);
  std::uint32_t expected = 0;
  unit.psum_in = 0;
  unit.en = 1;
  unit.act = 0;
  unit.wgt = 0;
  unit.clk = 0;
  unit.eval();
  unit.clk = 1;
  unit.eval();
  for (int cycle = 0; cycle < 64; ++cycle) {
    std::uint32_t act = 0;
    std::uint32_t wgt = 0;
    for (int i = 0; i < slots; ++i) {
      apq::rtl::set_operand(act, i, c.abits, random_operand(rng, c.abits, c.asigned));
      apq::rtl::set_operand(wgt, i, c.wbits, random_operand(rng, c.wbits, c.wsigned));
    }
    const bool enabled = cycle % 5 != 3;
    unit.en = enabled;
    unit.act = act;
    unit.wgt = wgt;
    unit.psum_in = unit.psum_out;
    unit.clk = 0;
    unit.eval();
    unit.clk = 1;
    unit.eval();
    if (enabled) expected += static_cast<std::uint32_t>(apq::rtl::unit_dot(act, wgt, p));
    ASSERT_EQ(unit.psum_out, expected) << "cycle " << cycle;
  }
}

std::vector<UnitCase> all_cases() {
  std::vector<UnitCase> cases;
  for (int a : {2, 4, 8}) {
    for (int w : {2, 4, 8}) {
      for (bool as : {false, true}) {
        for (bool ws : {false, true}) cases.push_back({a, w, as, ws});
      }
    }
  }
  return cases;
}

INSTANTIATE_TEST_SUITE_P(AllPrecisions, FusionUnitExhaustive, testing::ValuesIn(all_cases()),
                         case_name);

}  // namespace
