#include <gtest/gtest.h>

#include <random>

#include "layer/lut_key.h"

namespace apq {
namespace {

LayerShape layer(int cin, int cout, int in_size, int kernel, int stride, int padding, int groups, int w, int a) {
  return LayerShape{cin, cout, in_size, kernel, stride, padding, groups, /*batch=*/1, w, a};
}

bool same_key_fields(const LayerShape& x, const LayerShape& y) {
  return x.cin == y.cin && x.cout == y.cout && x.in_size == y.in_size && x.kernel == y.kernel &&
         x.stride == y.stride && x.padding == y.padding && x.groups == y.groups && x.wbits == y.wbits &&
         x.abits == y.abits;
}

// Keys copied from APQ's published table, lut/BitFusion_new.b1.dict of mit-han-lab/apq.
TEST(LayerLutKey, PrintsApqPublishedKeys) {
  EXPECT_EQ(lut_key(layer(96, 456, 14, 1, 1, 0, 1, 4, 4)), "(96, 456, 14, 1, 1, 0, 1)-W4A4");
  EXPECT_EQ(lut_key(layer(464, 464, 14, 3, 2, 1, 464, 4, 4)), "(464, 464, 14, 3, 2, 1, 464)-W4A4");
  EXPECT_EQ(lut_key(layer(24, 96, 56, 1, 1, 0, 1, 6, 4)), "(24, 96, 56, 1, 1, 0, 1)-W6A4");  // weights first
}

TEST(LayerLutKey, ParsesWhatItPrints) {
  std::mt19937_64 rng(7);
  for (int i = 0; i < 1000; ++i) {
    const auto draw = [&](int lo, int hi) { return lo + static_cast<int>(rng() % static_cast<unsigned>(hi - lo + 1)); };
    const LayerShape l = layer(draw(1, 2048), draw(1, 2048), draw(1, 224), draw(1, 7), draw(1, 2), draw(0, 3),
                               draw(1, 64), draw(2, 8), draw(2, 8));
    const std::optional<LayerShape> back = parse_lut_key(lut_key(l));
    ASSERT_TRUE(back.has_value()) << lut_key(l);
    EXPECT_TRUE(same_key_fields(*back, l)) << lut_key(l);
    EXPECT_EQ(back->batch, 1);
  }
}

TEST(LayerLutKey, RejectsAnythingItWouldNotPrint) {
  for (const char* key : {"(16,64,112,1,1,0,1)-W4A4", "(16, 64, 112, 1, 1, 0, 1)", "(16, 64, 112, 1, 1, 0)-W4A4",
                          "(16, 064, 112, 1, 1, 0, 1)-W4A4", "(0, 64, 112, 1, 1, 0, 1)-W4A4",
                          "(16, 64, 112, 1, 1, 0, 1)-W4A4 ", "(16, 64, 112, 1, 1, -1, 1)-W4A4",
                          "(16, 64, 112, 1, 1, 00, 1)-W4A4", "(1234567890, 64, 112, 1, 1, 0, 1)-W4A4",
                          "(16, 64, 112, 1, 1, 0, 1)-W4", "(16, 64, 112, 1, 1, 0, 1)-A4W4", "head", ""})
    EXPECT_FALSE(parse_lut_key(key).has_value()) << key;
}

}  // namespace
}  // namespace apq
