// Network files: the schema of sim/README.md and the messages of bad input.
#include <gtest/gtest.h>

#include <string>

#include "common/errors.h"
#include "sim/network_file.h"

namespace apq::sim {
namespace {

const char* kGood = R"({
  "name": "tiny",
  "batch": 2,
  "layers": [
    {"name": "stem", "op": "conv", "cin": 3, "cout": 16, "in_size": 32, "kernel": 3, "stride": 2, "padding": 1, "wbits": 8, "abits": 8},
    {"name": "dw", "cin": 16, "cout": 16, "in_size": 16, "kernel": 3, "padding": 1, "groups": 16, "wbits": 4, "abits": 6},
    {"name": "pw", "op": "conv", "cin": 16, "cout": 16, "in_size": 16, "kernel": 1, "wbits": 4, "abits": 4, "im2col": false},
    {"name": "add", "op": "add", "channels": 16, "size": 16, "bits": 8, "skip": "stem"},
    {"name": "pool", "op": "avgpool", "channels": 16, "in_size": 16, "kernel": 16, "bits": 8},
    {"name": "fc", "op": "fc", "cin": 16, "cout": 10, "wbits": 8, "abits": 8}
  ]
})";

TEST(NetworkFile, ReadsEveryKindOfLayer) {
  const Network network = parse_network(kGood, "tiny.json");
  EXPECT_EQ(network.name, "tiny");
  ASSERT_EQ(network.layers.size(), 6u);
  const LayerShape& stem = network.layers[0].shape;
  EXPECT_EQ(stem.cin, 3);
  EXPECT_EQ(stem.stride, 2);
  EXPECT_EQ(stem.batch, 2);
  EXPECT_TRUE(uses_im2col(network.layers[0]));
  const LayerShape& dw = network.layers[1].shape;
  EXPECT_EQ(network.layers[1].op, LayerOp::Conv);
  EXPECT_EQ(dw.groups, 16);
  EXPECT_EQ(dw.stride, 1);
  EXPECT_EQ(dw.wbits, 4);
  EXPECT_EQ(dw.abits, 6);
  EXPECT_FALSE(uses_im2col(network.layers[2]));
  EXPECT_EQ(network.layers[3].op, LayerOp::Add);
  EXPECT_EQ(network.layers[3].skip_source, std::optional<std::size_t>(0));
  const LayerShape& pool = network.layers[4].shape;
  EXPECT_EQ(network.layers[4].op, LayerOp::AvgPool);
  EXPECT_EQ(pool.stride, 16);
  EXPECT_EQ(output_size(pool), 1);
  const LayerShape& fc = network.layers[5].shape;
  EXPECT_EQ(network.layers[5].op, LayerOp::FullyConnected);
  EXPECT_EQ(fc.in_size, 1);
  EXPECT_EQ(fc.kernel, 1);
  EXPECT_EQ(layer_macs(network.layers[5].op, network.layers[5].shape), 2 * 16 * 10);
}

TEST(NetworkFile, WritesWhatItReads) {
  const Network network = parse_network(kGood, "tiny.json");
  const Network again = parse_network(network_to_json(network), "again.json");
  ASSERT_EQ(again.layers.size(), network.layers.size());
  for (std::size_t i = 0; i < network.layers.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(again.layers[i].name, network.layers[i].name);
    EXPECT_EQ(again.layers[i].op, network.layers[i].op);
    EXPECT_EQ(describe_layer(again.layers[i].shape), describe_layer(network.layers[i].shape));
    EXPECT_EQ(again.layers[i].skip_source, network.layers[i].skip_source);
  }
}

// The message of parsing `layer` as the only layer of a network.
std::string layer_error(const std::string& layer) {
  try {
    parse_network(R"({"layers": [)" + layer + "]}", "net.json");
  } catch (const InputError& error) {
    return error.what();
  }
  return "no error";
}

std::string network_error(const std::string& text) {
  try {
    parse_network(text, "net.json");
  } catch (const InputError& error) {
    return error.what();
  }
  return "no error";
}

void expect_mentions(const std::string& message, std::initializer_list<const char*> parts) {
  for (const char* part : parts)
    EXPECT_NE(message.find(part), std::string::npos) << "'" << part << "' not in: " << message;
}

TEST(NetworkFile, BadInputNamesTheFieldAndTheValue) {
  const std::string conv = R"("cin": 8, "cout": 8, "in_size": 8, "kernel": 3, "padding": 1, "wbits": 8, "abits": 8)";
  expect_mentions(layer_error(R"({"cin": 0, "cout": 8, "in_size": 8, "kernel": 3, "wbits": 8, "abits": 8})"),
                  {"net.json", "layers[0]", "cin = 0"});
  expect_mentions(layer_error(R"({"cin": 8, "cout": 8, "in_size": -4, "kernel": 3, "wbits": 8, "abits": 8})"),
                  {"layers[0]", "in_size = -4"});
  expect_mentions(layer_error(R"({"cin": 8, "cout": 8, "in_size": 2, "kernel": 5, "wbits": 8, "abits": 8})"),
                  {"layers[0]", "kernel = 5", "larger than the padded input"});
  expect_mentions(layer_error(R"({"cin": 8, "cout": 6, "in_size": 8, "kernel": 3, "groups": 4, "wbits": 8, "abits": 8})"),
                  {"layers[0]", "groups = 4"});
  expect_mentions(layer_error(R"({"cin": 8, "cout": 8, "in_size": 8, "kernel": 3, "wbits": 9, "abits": 8})"),
                  {"layers[0]", "wbits = 9"});
  expect_mentions(layer_error(R"({"cin": 8, "cout": 8, "in_size": 8, "kernel": 3, "wbits": 8, "abits": 1})"),
                  {"layers[0]", "abits = 1"});
  expect_mentions(layer_error("{" + conv + R"(, "dilation": 2})"), {"unknown key", "layers[0].dilation"});
  expect_mentions(layer_error(R"({"cin": 8, "cout": 8, "in_size": 8, "wbits": 8, "abits": 8})"),
                  {"missing", "layers[0].kernel"});
  expect_mentions(layer_error(R"({"cin": "8", "cout": 8, "in_size": 8, "kernel": 1, "wbits": 8, "abits": 8})"),
                  {"layers[0].cin", "integer", "\"8\""});
  expect_mentions(layer_error(R"({"cin": 8.5, "cout": 8, "in_size": 8, "kernel": 1, "wbits": 8, "abits": 8})"),
                  {"layers[0].cin", "8.5"});
  expect_mentions(layer_error("{" + conv + R"(, "op": "deconv"})"), {"layers[0].op", "deconv"});
  expect_mentions(layer_error("{" + conv + R"(, "im2col": 1})"), {"layers[0].im2col", "1"});
  expect_mentions(layer_error(R"({"op": "add", "channels": 8, "size": 8, "bits": 8, "skip": "nowhere"})"),
                  {"layers[0].skip", "nowhere"});
  expect_mentions(network_error("{\"layers\": [{" + conv + "}, {" + conv + R"(, "name": "layer0"}]})"),
                  {"layers[1].name", "layer0"});
  expect_mentions(network_error(R"({"layers": []})"), {": layers = []", "non-empty"});
  expect_mentions(network_error(R"({"layers": [{)" + conv + R"(}], "batch": 0})"), {"batch = 0", "at least 1"});
  expect_mentions(network_error(R"({"layers": [{)" + conv + R"(}], "precision": 8})"),
                  {"unknown key", "precision"});
  expect_mentions(network_error(R"({"layers": [)"), {"net.json", "not valid JSON"});
  expect_mentions(network_error("[1, 2]"), {"net.json", "JSON object"});
}

TEST(NetworkFile, MissingFileIsAnInputError) {
  EXPECT_THROW(load_network_file("/nonexistent/net.json"), InputError);
}

}  // namespace
}  // namespace apq::sim
