#include <gtest/gtest.h>

#include "search/space/lut_key.h"

namespace apq::search {
namespace {

SpaceLayer layer(int cin, int cout, int in_size, int kernel, int stride, int padding, int groups, int w, int a) {
  SpaceLayer l;
  l.cin = cin;
  l.cout = cout;
  l.in_size = in_size;
  l.kernel = kernel;
  l.stride = stride;
  l.padding = padding;
  l.groups = groups;
  l.wbits = w;
  l.abits = a;
  return l;
}

// Keys copied from APQ's published table, lut/BitFusion_new.b1.dict of mit-han-lab/apq.
TEST(LutKey, MatchesApqPublishedTable) {
  EXPECT_EQ(lut_key(layer(96, 456, 14, 1, 1, 0, 1, 4, 4)), "(96, 456, 14, 1, 1, 0, 1)-W4A4");
  EXPECT_EQ(lut_key(layer(464, 464, 14, 3, 2, 1, 464, 4, 4)), "(464, 464, 14, 3, 2, 1, 464)-W4A4");
  EXPECT_EQ(lut_key(layer(96, 96, 112, 7, 2, 3, 96, 8, 8)), "(96, 96, 112, 7, 2, 3, 96)-W8A8");
}

TEST(LutKey, WeightBitsComeBeforeActivationBits) {
  EXPECT_EQ(lut_key(layer(24, 96, 56, 1, 1, 0, 1, 6, 4)), "(24, 96, 56, 1, 1, 0, 1)-W6A4");
}

}  // namespace
}  // namespace apq::search
