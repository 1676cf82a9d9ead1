#include <cmath>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "common/errors.h"
#include "calibration/lut_file.h"

namespace apq::calibration {
namespace {

std::string message_of(const std::string& text) {
  try {
    parse_lut(text, "t.json");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(LutKey, AcceptsApqKeysOnly) {
  EXPECT_TRUE(is_lut_key("head"));
  EXPECT_TRUE(is_lut_key("tail"));
  EXPECT_TRUE(is_lut_key("(16, 64, 112, 1, 1, 0, 1)-W4A4"));
  EXPECT_TRUE(is_lut_key("(96, 96, 112, 7, 2, 3, 96)-W8A6"));
  EXPECT_FALSE(is_lut_key("(16,64,112,1,1,0,1)-W4A4"));      // Python prints ", "
  EXPECT_FALSE(is_lut_key("(16, 64, 112, 1, 1, 0, 1)"));     // no bits
  EXPECT_FALSE(is_lut_key("(16, 64, 112, 1, 1, 0)-W4A4"));   // six fields
  EXPECT_FALSE(is_lut_key("(16, 064, 112, 1, 1, 0, 1)-W4A4"));
  EXPECT_FALSE(is_lut_key("(0, 64, 112, 1, 1, 0, 1)-W4A4"));
  EXPECT_FALSE(is_lut_key("(16, 64, 112, 1, 1, 0, 1)-W4A4 "));
  EXPECT_FALSE(is_lut_key("Head"));
}

TEST(LutFile, StrictValuesNameFileKeyFieldAndValue) {
  EXPECT_NE(message_of("{\"head\": {\"latency\": 1, \"energy\": 2}").find("not valid JSON"), std::string::npos);
  const std::string negative = message_of("{\"tail\": {\"latency\": -0.5, \"energy\": 2}}");
  EXPECT_NE(negative.find("t.json"), std::string::npos) << negative;
  EXPECT_NE(negative.find("tail"), std::string::npos) << negative;
  EXPECT_NE(negative.find("latency = -0.5"), std::string::npos) << negative;
  EXPECT_NE(message_of("{\"head\": {\"latency\": 1}}").find("missing field 'energy'"), std::string::npos);
  EXPECT_NE(message_of("{\"head\": {\"latency\": \"1\", \"energy\": 2}}").find("expected a number"), std::string::npos);
  EXPECT_NE(message_of("{\"head\": {\"latency\": 1, \"energy\": 2, \"cycles\": 1.5}}").find("cycles"),
            std::string::npos);
  const std::string key = message_of("{\"(8,32,14,1,1,0,1)-W4A4\": {\"latency\": 1, \"energy\": 2}}");
  EXPECT_NE(key.find("key '(8,32,14,1,1,0,1)-W4A4' is not a LUT key"), std::string::npos) << key;
  EXPECT_NE(message_of("[1, 2]").find("expected a JSON object"), std::string::npos);
}

TEST(LutFile, ReadsApqStyleValuesAndIgnoresUnknownFields) {
  const Lut lut = parse_lut(
      "{\"(16, 64, 112, 1, 1, 0, 1)-W4A4\": {\"latency\": 0.25, \"energy\": 1e-05, \"note\": \"x\"}}", "apq.json");
  ASSERT_EQ(lut.size(), 1u);
  const LutValue& v = lut.begin()->second;
  EXPECT_EQ(v.latency_ms, 0.25);
  EXPECT_EQ(v.energy_mj, 1e-05);
  EXPECT_FALSE(v.cycles.has_value());
}

TEST(LutFile, WritesSortedPythonStyleAndReadsBackExactly) {
  Lut lut;
  LutValue a;
  a.latency_ms = 0.1 + 0.2;  // needs all 17 digits to round-trip
  a.energy_mj = 3e-7;
  a.cycles = 12345;
  a.energy_breakdown = {{"leakage", 1e-9}, {"core_dynamic", 2.5e-8}};
  lut["tail"] = a;
  lut["head"] = {1.0, 2.0, std::nullopt, {}};
  lut["(8, 32, 14, 1, 1, 0, 1)-W4A4"] = a;
  const std::string text = lut_to_text(lut);
  EXPECT_EQ(text.substr(0, 36), "{\n\"(8, 32, 14, 1, 1, 0, 1)-W4A4\": {\"");
  EXPECT_NE(text.find("\n\"head\": {\"latency\": 1.0, \"energy\": 2.0},\n\"tail\": "), std::string::npos) << text;
  EXPECT_NE(text.find("\"energy_breakdown\": {\"core_dynamic\": 2.5e-08, \"leakage\": 1e-09}"), std::string::npos)
      << text;
  const Lut back = parse_lut(text, "round trip");
  EXPECT_EQ(back, lut);
  EXPECT_EQ(lut_to_text(back), text);
  EXPECT_NO_THROW(nlohmann::json::parse(text));
}

}  // namespace
}  // namespace apq::calibration
