#include <gtest/gtest.h>

#include <string>

#include "common/errors.h"
#include "layer/layer_shape.h"

namespace apq {
namespace {

LayerShape conv(int cin, int cout, int in, int k, int s, int p, int groups = 1) {
  LayerShape layer;
  layer.cin = cin;
  layer.cout = cout;
  layer.in_size = in;
  layer.kernel = k;
  layer.stride = s;
  layer.padding = p;
  layer.groups = groups;
  return layer;
}

// The message of validating `layer`, which must throw.
std::string validation_error(const LayerShape& layer) {
  try {
    validate_layer(layer);
  } catch (const InputError& error) {
    return error.what();
  }
  ADD_FAILURE() << "no InputError for " << describe_layer(layer);
  return "";
}

TEST(LayerShape, OutputSize) {
  EXPECT_EQ(output_size(conv(3, 16, 224, 3, 2, 1)), 112);
  EXPECT_EQ(output_size(conv(16, 16, 7, 7, 1, 0)), 1);
  EXPECT_EQ(output_size(conv(24, 192, 7, 3, 2, 1)), 4);
}

TEST(LayerShape, Kinds) {
  EXPECT_TRUE(is_depthwise(conv(32, 32, 56, 3, 1, 1, 32)));
  EXPECT_FALSE(is_depthwise(conv(32, 64, 56, 3, 1, 1, 2)));
  EXPECT_TRUE(is_pointwise(conv(32, 64, 56, 1, 1, 0)));
  EXPECT_FALSE(is_pointwise(conv(32, 32, 56, 1, 1, 0, 32)));
  EXPECT_TRUE(default_im2col(conv(3, 16, 224, 3, 2, 1)));
  EXPECT_FALSE(default_im2col(conv(3, 16, 224, 1, 1, 0)));
  EXPECT_FALSE(default_im2col(conv(16, 16, 56, 3, 1, 1)));
}

TEST(LayerShape, ParsesTheApqKeyTuple) {
  const LayerShape layer = parse_layer_key("(16, 96, 112, 1, 1, 0, 1)");
  EXPECT_EQ(layer.cin, 16);
  EXPECT_EQ(layer.cout, 96);
  EXPECT_EQ(layer.in_size, 112);
  EXPECT_EQ(layer.kernel, 1);
  EXPECT_EQ(layer.stride, 1);
  EXPECT_EQ(layer.padding, 0);
  EXPECT_EQ(layer.groups, 1);
  EXPECT_EQ(layer.wbits, 8);
  EXPECT_EQ(layer.abits, 8);
  EXPECT_EQ(layer.batch, 1);
  EXPECT_EQ(layer_tuple(layer), "(16, 96, 112, 1, 1, 0, 1)");
}

TEST(LayerShape, ParsesTheFullLutKey) {
  const LayerShape layer = parse_layer_key("(96, 96, 112, 5, 2, 2, 96)-W4A6");
  EXPECT_EQ(layer.kernel, 5);
  EXPECT_EQ(layer.groups, 96);
  EXPECT_EQ(layer.wbits, 4);
  EXPECT_EQ(layer.abits, 6);
  EXPECT_EQ(parse_layer_key("(1,2,3,1,1,0,1)").cout, 2);
}

TEST(LayerShape, RejectsMalformedKeys) {
  for (const char* text : {"", "(1, 2, 3, 1, 1, 0)", "(1, 2, 3, 1, 1, 0, 1", "1, 2, 3, 1, 1, 0, 1",
                           "(1, 2, x, 1, 1, 0, 1)", "(1, 2, 3, 1, 1, 0, 1)-W4", "(1, 2, 3, 1, 1, 0, 1) x",
                           "(1, 2, 99999999999, 1, 1, 0, 1)"}) {
    try {
      parse_layer_key(text);
      ADD_FAILURE() << "accepted '" << text << "'";
    } catch (const InputError& error) {
      EXPECT_NE(std::string(error.what()).find(std::string("'") + text + "'"), std::string::npos)
          << error.what();
    }
  }
}

TEST(LayerShape, AcceptsValidLayers) {
  EXPECT_NO_THROW(validate_layer(conv(3, 16, 224, 3, 2, 1)));
  EXPECT_NO_THROW(validate_layer(conv(96, 96, 7, 7, 1, 3, 96)));
  LayerShape odd = conv(16, 16, 7, 3, 1, 1);
  odd.wbits = 3;
  odd.abits = 7;
  EXPECT_NO_THROW(validate_layer(odd));
}

TEST(LayerShape, ValidationNamesFieldAndValue) {
  std::string message = validation_error(conv(0, 16, 56, 3, 1, 1));
  EXPECT_NE(message.find("cin = 0"), std::string::npos) << message;

  message = validation_error(conv(16, -4, 56, 3, 1, 1));
  EXPECT_NE(message.find("cout = -4"), std::string::npos) << message;

  message = validation_error(conv(16, 16, 56, 3, 0, 1));
  EXPECT_NE(message.find("stride = 0"), std::string::npos) << message;

  message = validation_error(conv(16, 16, 56, 3, 1, -1));
  EXPECT_NE(message.find("padding = -1"), std::string::npos) << message;

  // Fuzzing found 2 x padding overflowing an int: refused, named.
  message = validation_error(conv(3, 3, 2, 1, 2, 2123333321));
  EXPECT_NE(message.find("padding = 2123333321"), std::string::npos) << message;
  EXPECT_NE(message.find("padded input 4246666644 wide"), std::string::npos) << message;

  message = validation_error(conv(16, 16, 3, 7, 1, 1));
  EXPECT_NE(message.find("kernel = 7"), std::string::npos) << message;
  EXPECT_NE(message.find("padded input"), std::string::npos) << message;

  message = validation_error(conv(16, 24, 56, 3, 1, 1, 16));
  EXPECT_NE(message.find("groups = 16"), std::string::npos) << message;
  EXPECT_NE(message.find("cout = 24"), std::string::npos) << message;

  message = validation_error(conv(12, 16, 56, 3, 1, 1, 8));
  EXPECT_NE(message.find("groups = 8"), std::string::npos) << message;
  EXPECT_NE(message.find("cin = 12"), std::string::npos) << message;

  LayerShape bits = conv(16, 16, 56, 3, 1, 1);
  bits.wbits = 16;
  message = validation_error(bits);
  EXPECT_NE(message.find("wbits = 16"), std::string::npos) << message;
  bits.wbits = 8;
  bits.abits = 1;
  message = validation_error(bits);
  EXPECT_NE(message.find("abits = 1"), std::string::npos) << message;

  LayerShape batch = conv(16, 16, 56, 3, 1, 1);
  batch.batch = 0;
  message = validation_error(batch);
  EXPECT_NE(message.find("batch = 0"), std::string::npos) << message;
}

}  // namespace
}  // namespace apq
