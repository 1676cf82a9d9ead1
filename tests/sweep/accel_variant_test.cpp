// Accelerator variants from the tables: the Eyeriss-sized variant reproduces the shipped preset
// (whose constants were taken from the same tables by hand), an array the synthesis table has is
// taken as it is, and a buffer the tables cannot describe is refused with the sizes there are.
#include "sweep/accel_variant.h"

#include <gtest/gtest.h>

#include <fstream>
#include <functional>

#include "common/errors.h"
#include "sim/accel_config.h"

namespace apq::sweep {
namespace {

const std::string kAccel = std::string(APQ_SOURCE_DIR) + "/configs/accel/";

nlohmann::ordered_json read_accel(const std::string& name) {
  return nlohmann::ordered_json::parse(std::ifstream(kAccel + name));
}

VariantParams eyeriss_params() { return {16, 32, 64, 32, 16, 192, 500}; }

// Every {"value": ...} of `a` against the same path of `b`.
void expect_same_constants(const nlohmann::ordered_json& a, const nlohmann::ordered_json& b, const std::string& path) {
  if (a.is_object() && a.contains("value")) {
    EXPECT_NEAR(a.at("value").get<double>(), b.at("value").get<double>(), 1e-9 * std::abs(b.at("value").get<double>()))
        << path;
    return;
  }
  if (!a.is_object()) return;
  for (const auto& [key, value] : a.items()) {
    ASSERT_TRUE(b.contains(key)) << path << "." << key;
    expect_same_constants(value, b.at(key), path + "." + key);
  }
}

TEST(AccelVariant, TheEyerissSizedVariantIsTheShippedPreset) {
  const HardwareTables tables = load_hardware_tables(default_tables_dir());
  const nlohmann::ordered_json preset = read_accel("bitfusion-eyeriss.json");
  const AcceleratorVariant v = make_variant(preset, kAccel + "bitfusion-eyeriss.json", eyeriss_params(), tables);
  expect_same_constants(v.accel, preset, "");
  expect_same_constants(preset, v.accel, "");
  EXPECT_EQ(v.name, "bitfusion-eyeriss-16x32-w64-i32-o16-if192-500mhz");
  // The file the sweep writes is a valid accelerator configuration.
  EXPECT_NO_THROW(sim::parse_accel_config(v.accel.dump(), "variant"));
  // Area: the 4x4 synthesis row scaled by 32 units, and CACTI bank areas times the banks.
  EXPECT_NEAR(v.area.core, 32 * 27752.83558e-6, 1e-9);
  EXPECT_GT(v.area.wbuf, 0.0);
  EXPECT_NEAR(v.area.total(), v.area.core + v.area.wbuf + v.area.ibuf + v.area.obuf, 1e-12);
  for (const char* part : {"core", "wbuf", "ibuf", "obuf"}) EXPECT_TRUE(v.area.sources.contains(part)) << part;
}

TEST(AccelVariant, AnArrayTheSynthesisTableHasIsNotScaled) {
  const HardwareTables tables = load_hardware_tables(default_tables_dir());
  const ScaledSynth exact = synth_array(tables, 8, 2);
  EXPECT_EQ(exact.scale, 1.0);
  EXPECT_EQ(exact.row->rows, 8);
  EXPECT_EQ(exact.row->cols, 2);
  const ScaledSynth scaled = synth_array(tables, 16, 16);
  EXPECT_EQ(scaled.scale, 16.0);
  EXPECT_EQ(scaled.row->rows, 4);
}

TEST(AccelVariant, BuffersTheTablesCannotDescribeAreRefused) {
  const HardwareTables tables = load_hardware_tables(default_tables_dir());
  const nlohmann::ordered_json preset = read_accel("bitfusion-eyeriss.json");
  VariantParams p = eyeriss_params();
  p.wbuf_kib = 32;  // 64-byte banks: CACTI was not run for them
  try {
    make_variant(preset, kAccel + "bitfusion-eyeriss.json", p, tables);
    FAIL() << "a 64-byte bank was accepted";
  } catch (const InputError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("64-byte bank"), std::string::npos) << message;
    EXPECT_NE(message.find("banks of 128, 256"), std::string::npos) << message;
  }
  p = eyeriss_params();
  p.ibuf_kib = 32.5;  // 33280 bytes over 16 banks: 2080 bytes each, no table row
  EXPECT_THROW(make_variant(preset, kAccel + "bitfusion-eyeriss.json", p, tables), InputError);
  p = eyeriss_params();
  p.obuf_kib = 0.001;  // not a whole number of bytes
  try {
    make_variant(preset, kAccel + "bitfusion-eyeriss.json", p, tables);
    FAIL() << "a fraction of a byte was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("does not split into 32 whole banks"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace apq::sweep
