#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "common/errors.h"
#include "sim/accel_config.h"

namespace apq::sim {
namespace {

const std::string kEyeriss = std::string(APQ_ACCEL_CONFIG_DIR) + "/bitfusion-eyeriss.json";

nlohmann::json eyeriss_json() {
  std::ifstream file(kEyeriss);
  return nlohmann::json::parse(file);
}

std::string write_temp(const std::string& name, const std::string& text) {
  const std::string path = ::testing::TempDir() + name;
  std::ofstream(path) << text;
  return path;
}

// The InputError message of loading `text` from a file called `name`.
std::string load_error(const std::string& name, const std::string& text) {
  const std::string path = write_temp(name, text);
  try {
    load_accel_config(path);
  } catch (const InputError& error) {
    return error.what();
  }
  ADD_FAILURE() << "no InputError for " << name;
  return "";
}

TEST(AccelConfig, LoadsThePreset) {
  const AccelConfig config = load_accel_config(kEyeriss);
  EXPECT_EQ(config.name, "bitfusion-eyeriss");
  EXPECT_EQ(config.bitbricks_per_unit, 16);
  EXPECT_EQ(config.min_precision_bits, 2);
  EXPECT_EQ(config.max_precision_bits, 8);
  EXPECT_EQ(config.wbuf.banks, 512);
  EXPECT_EQ(config.dram_latency_cycles, 50);
  EXPECT_NE(config.sources.at("buffers.wbuf.read_energy_pj_per_bit").find("CACTI"),
            std::string::npos);
}

TEST(AccelConfig, UnknownKeyNamesFileAndKey) {
  nlohmann::json doc = eyeriss_json();
  doc["buffers"]["wbuf"]["sise_bytes"] = doc["buffers"]["wbuf"]["size_bytes"];
  const std::string message = load_error("unknown_key.json", doc.dump());
  EXPECT_NE(message.find("unknown_key.json"), std::string::npos) << message;
  EXPECT_NE(message.find("buffers.wbuf.sise_bytes"), std::string::npos) << message;
}

TEST(AccelConfig, UnknownTopLevelKeyIsRejected) {
  nlohmann::json doc = eyeriss_json();
  doc["clock"] = 500;
  const std::string message = load_error("unknown_top.json", doc.dump());
  EXPECT_NE(message.find(": clock"), std::string::npos) << message;
}

TEST(AccelConfig, MissingKeyNamesFileAndKey) {
  nlohmann::json doc = eyeriss_json();
  doc["array"].erase("cols");
  const std::string message = load_error("missing_key.json", doc.dump());
  EXPECT_NE(message.find("missing_key.json"), std::string::npos) << message;
  EXPECT_NE(message.find("array.cols"), std::string::npos) << message;
}

TEST(AccelConfig, MissingSourceIsRejected) {
  nlohmann::json doc = eyeriss_json();
  doc["core"]["leakage_mw"].erase("source");
  const std::string message = load_error("missing_source.json", doc.dump());
  EXPECT_NE(message.find("core.leakage_mw.source"), std::string::npos) << message;
}

TEST(AccelConfig, NegativeValueNamesFileFieldAndValue) {
  nlohmann::json doc = eyeriss_json();
  doc["buffers"]["obuf"]["read_energy_pj_per_bit"]["value"] = -0.5;
  const std::string message = load_error("negative.json", doc.dump());
  EXPECT_NE(message.find("negative.json"), std::string::npos) << message;
  EXPECT_NE(message.find("buffers.obuf.read_energy_pj_per_bit.value"), std::string::npos)
      << message;
  EXPECT_NE(message.find("-0.5"), std::string::npos) << message;
}

TEST(AccelConfig, ZeroIsNotPositive) {
  nlohmann::json doc = eyeriss_json();
  doc["memory"]["interface_bits_per_cycle"]["value"] = 0;
  const std::string message = load_error("zero.json", doc.dump());
  EXPECT_NE(message.find("memory.interface_bits_per_cycle.value"), std::string::npos) << message;
}

TEST(AccelConfig, WrongTypeNamesFieldAndValue) {
  nlohmann::json doc = eyeriss_json();
  doc["array"]["rows"]["value"] = "16";
  const std::string message = load_error("wrong_type.json", doc.dump());
  EXPECT_NE(message.find("array.rows.value"), std::string::npos) << message;
  EXPECT_NE(message.find("\"16\""), std::string::npos) << message;

  doc = eyeriss_json();
  doc["array"]["cols"]["value"] = 32.5;
  const std::string fractional = load_error("fractional.json", doc.dump());
  EXPECT_NE(fractional.find("array.cols.value"), std::string::npos) << fractional;
}

TEST(AccelConfig, MalformedJsonNamesFile) {
  const std::string message = load_error("malformed.json", "{\"name\": \"x\",, }");
  EXPECT_NE(message.find("malformed.json"), std::string::npos) << message;
  EXPECT_NE(message.find("not valid JSON"), std::string::npos) << message;
}

TEST(AccelConfig, InconsistentBitBricksAreRejected) {
  nlohmann::json doc = eyeriss_json();
  doc["array"]["bitbricks_per_unit"]["value"] = 8;
  const std::string message = load_error("bricks.json", doc.dump());
  EXPECT_NE(message.find("array.bitbricks_per_unit"), std::string::npos) << message;
}

TEST(AccelConfig, BanksMustDivideTheBuffer) {
  nlohmann::json doc = eyeriss_json();
  doc["buffers"]["ibuf"]["banks"]["value"] = 15;
  const std::string message = load_error("banks.json", doc.dump());
  EXPECT_NE(message.find("buffers.ibuf.banks"), std::string::npos) << message;
}

TEST(AccelConfig, MissingFileIsAnInputError) {
  EXPECT_THROW(load_accel_config(::testing::TempDir() + "no_such_config.json"), InputError);
}

}  // namespace
}  // namespace apq::sim
