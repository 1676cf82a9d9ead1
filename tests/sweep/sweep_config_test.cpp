// The sweep file: the grid's order and size, the list form, and every mistake named with its
// field and value.
#include "sweep/sweep_config.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "common/errors.h"

namespace apq::sweep {
namespace {

namespace fs = std::filesystem;

class SweepConfigFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("apq_sweep_config_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    const std::string root = APQ_SOURCE_DIR;
    base_ = {{"base", root + "/configs/accel/bitfusion-eyeriss.json"},
             {"space", root + "/configs/spaces/fmnist.json"},
             {"predictor", root + "/models/fmnist-predictors/quant.txt"},
             {"latency_ms", {0.3, 0.5}},
             {"grid", {{"rows", {8, 16}}, {"cols", {16, 32}}, {"wbuf_kib", {32, 64, 128}}}}};
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string write(const nlohmann::json& doc) {
    const std::string path = (dir_ / "sweep.json").string();
    std::ofstream(path) << doc.dump(1);
    return path;
  }
  void expect_rejected(const nlohmann::json& doc, std::initializer_list<std::string> expected) {
    const std::string path = write(doc);
    try {
      load_sweep_config(path);
      FAIL() << "accepted " << doc.dump();
    } catch (const InputError& e) {
      const std::string message = e.what();
      EXPECT_NE(message.find(path), std::string::npos) << message;
      for (const std::string& piece : expected) EXPECT_NE(message.find(piece), std::string::npos) << message;
    }
  }

  fs::path dir_;
  nlohmann::json base_;
};

TEST_F(SweepConfigFile, TheGridIsEveryCombinationTheLastParameterFastest) {
  const SweepConfig c = load_sweep_config(write(base_));
  ASSERT_EQ(c.variants.size(), 12u);
  EXPECT_EQ(c.variants[0].rows, 8);
  EXPECT_EQ(c.variants[0].cols, 16);
  EXPECT_EQ(c.variants[0].wbuf_kib, 32);
  EXPECT_EQ(c.variants[1].wbuf_kib, 64);
  EXPECT_EQ(c.variants[3].cols, 32);
  EXPECT_EQ(c.variants[11].rows, 16);
  // What the grid does not vary comes from the base accelerator.
  for (const VariantParams& v : c.variants) {
    EXPECT_EQ(v.ibuf_kib, 32);
    EXPECT_EQ(v.obuf_kib, 16);
    EXPECT_EQ(v.interface_bits, 192);
    EXPECT_EQ(v.clock_mhz, 500);
  }
  EXPECT_EQ(c.strategy, "joint");
  EXPECT_EQ(c.latency_ms, (std::vector<double>{0.3, 0.5}));
}

TEST_F(SweepConfigFile, AListOfVariants) {
  nlohmann::json doc = base_;
  doc.erase("grid");
  doc["variants"] = {{{"rows", 8}}, {{"clock_mhz", 800}, {"interface_bits", 256}}};
  const SweepConfig c = load_sweep_config(write(doc));
  ASSERT_EQ(c.variants.size(), 2u);
  EXPECT_EQ(c.variants[0].rows, 8);
  EXPECT_EQ(c.variants[0].cols, 32);
  EXPECT_EQ(c.variants[1].clock_mhz, 800);
  EXPECT_EQ(c.variants[1].interface_bits, 256);
}

TEST_F(SweepConfigFile, MistakesAreNamed) {
  nlohmann::json doc = base_;
  doc["generation"] = 3;
  expect_rejected(doc, {"generation"});
  doc = base_;
  doc["grid"] = nlohmann::json::object();
  expect_rejected(doc, {"grid", "empty grid"});
  doc = base_;
  doc["grid"]["cols"] = nlohmann::json::array();
  expect_rejected(doc, {"grid.cols", "non-empty list"});
  doc = base_;
  doc["grid"]["banks"] = {4};
  expect_rejected(doc, {"grid", "banks"});
  doc = base_;
  doc["grid"]["rows"] = {8, -16};
  expect_rejected(doc, {"grid.rows[1]", "-16", "must be positive"});
  doc = base_;
  doc["variants"] = {{{"rows", 8}}};
  expect_rejected(doc, {"exactly one of \"grid\""});
  doc = base_;
  doc.erase("grid");
  doc["variants"] = {{{"rows", 8}}, {{"rows", 8}}};
  expect_rejected(doc, {"variants 2", "the same variant as number 1"});
  doc = base_;
  doc["latency_ms"] = nlohmann::json::array();
  expect_rejected(doc, {"latency_ms"});
  doc = base_;
  doc["strategy"] = "sequential";
  expect_rejected(doc, {"strategy", "sequential"});
  doc = base_;
  doc["base"] = "nope.json";
  expect_rejected(doc, {"base", "nope.json", "no such file"});
}

}  // namespace
}  // namespace apq::sweep
