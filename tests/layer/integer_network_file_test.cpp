#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "common/errors.h"
#include "layer/integer_network_file.h"
#include "tests/layer/small_integer_network.h"

namespace apq {
namespace {

// The message of the InputError that parsing `json` throws ("" if none).
std::string parse_error(const nlohmann::json& json) {
  try {
    parse_integer_network(json.dump(), "net.int.json");
  } catch (const InputError& error) {
    return error.what();
  }
  return "";
}

nlohmann::json small_json() {
  return nlohmann::json::parse(integer_network_to_json(testing::small_integer_network(3)));
}

TEST(IntegerNetworkFile, RoundTripsExactly) {
  const IntegerNetwork network = testing::small_integer_network(3);
  const std::string text = integer_network_to_json(network);
  EXPECT_TRUE(is_integer_network_json(text));
  EXPECT_FALSE(is_integer_network_json(R"({"layers": []})"));
  const IntegerNetwork reread = parse_integer_network(text, "net.int.json");
  EXPECT_EQ(integer_network_to_json(reread), text);
  ASSERT_EQ(reread.layers.size(), 6u);
  EXPECT_EQ(reread.layers[1].weights, network.layers[1].weights);
  EXPECT_EQ(reread.layers[2].requantization[3].multiplier, network.layers[2].requantization[3].multiplier);
  EXPECT_EQ(reread.layers[5].op, LayerOp::FullyConnected);
  EXPECT_LT(reread.layers[5].requantization[0].shift, 0);  // a factor above 1: a left shift
}

TEST(IntegerNetworkFile, WeightsOutsideTheirBitsAreRefusedNamingTheWeight) {
  nlohmann::json json = small_json();
  json["layers"][1]["weights"][5] = 8;  // the depthwise layer's weights are 4-bit: -8..7
  const std::string message = parse_error(json);
  EXPECT_NE(message.find("net.int.json"), std::string::npos) << message;
  EXPECT_NE(message.find("layers[1].weights[5] = 8"), std::string::npos) << message;
  EXPECT_NE(message.find("-8..7"), std::string::npos) << message;
}

TEST(IntegerNetworkFile, ShiftsAndMultipliersOutOfRangeAreRefused) {
  nlohmann::json json = small_json();
  json["layers"][2]["shift"][1] = 32;
  EXPECT_NE(parse_error(json).find("layers[2].shift[1] = 32"), std::string::npos) << parse_error(json);
  json = small_json();
  json["layers"][0]["multiplier"][0] = 12345;
  EXPECT_NE(parse_error(json).find("multiplier[0] = 12345"), std::string::npos) << parse_error(json);
  json = small_json();
  json["layers"][3]["skip_shift"] = 30;
  EXPECT_NE(parse_error(json).find("skip_shift = 30"), std::string::npos) << parse_error(json);
}

TEST(IntegerNetworkFile, ShapesThatDoNotChainAreRefused) {
  nlohmann::json json = small_json();
  json["layers"][2]["cin"] = 8;
  EXPECT_NE(parse_error(json).find("layers[2].cin = 8 but its input has 4 channels"), std::string::npos)
      << parse_error(json);
  json = small_json();
  json["layers"][1]["in_size"] = 7;
  EXPECT_NE(parse_error(json).find("layers[1].in_size = 7 but its input is 6 wide"), std::string::npos)
      << parse_error(json);
  json = small_json();
  json["layers"][3]["skip"] = "pool";
  EXPECT_NE(parse_error(json).find("layers[3].skip"), std::string::npos) << parse_error(json);
}

TEST(IntegerNetworkFile, AProducerWiderThanItsConsumerReadsIsRefused) {
  nlohmann::json json = small_json();
  json["layers"][0]["output_max"] = 64;  // the depthwise layer reads 6-bit unsigned inputs
  const std::string message = parse_error(json);
  EXPECT_NE(message.find("layers[1] reads unsigned 6-bit inputs, but its input holds 0..64"), std::string::npos)
      << message;
}

TEST(IntegerNetworkFile, MalformedFilesAreRefusedNamingTheField) {
  nlohmann::json json = small_json();
  json["layers"][0]["bogus"] = 1;
  EXPECT_NE(parse_error(json).find("bogus"), std::string::npos);
  json = small_json();
  json["format"] = "something-else";
  EXPECT_NE(parse_error(json).find("format"), std::string::npos);
  json = small_json();
  json["input"]["table"][0].erase(0);
  EXPECT_NE(parse_error(json).find("input.table[0] (count) = 255"), std::string::npos) << parse_error(json);
  json = small_json();
  json["layers"][5]["bias"] = {1, 2};
  EXPECT_NE(parse_error(json).find("bias (count) = 2"), std::string::npos) << parse_error(json);
  EXPECT_THROW(load_integer_network("/nonexistent/net.int.json"), InputError);
}

}  // namespace
}  // namespace apq
