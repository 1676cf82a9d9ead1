#include <gtest/gtest.h>

#include <Vbitbrick.h>
#include <verilated.h>

namespace {

TEST(BitBrick, EverySliceAndSignFlagMultipliesAsThreeBitSigned) {
  VerilatedContext context;
  Vbitbrick brick(&context);
  for (int sx = 0; sx <= 1; ++sx) {
    for (int sy = 0; sy <= 1; ++sy) {
      for (int x = 0; x < 4; ++x) {
        for (int y = 0; y < 4; ++y) {
          brick.x = x;
          brick.sx = sx;
          brick.y = y;
          brick.sy = sy;
          brick.eval();
          const int xv = (sx && x >= 2) ? x - 4 : x;
          const int yv = (sy && y >= 2) ? y - 4 : y;
          const int p = static_cast<int>(brick.p & 0x3F);
          const int pv = p >= 32 ? p - 64 : p;
          EXPECT_EQ(pv, xv * yv) << "x=" << x << " sx=" << sx << " y=" << y << " sy=" << sy;
        }
      }
    }
  }
}

}  // namespace
