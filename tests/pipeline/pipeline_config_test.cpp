// The pipeline configuration: the shipped default loads, and every mistake a user can make in
// the file is named with its field and value.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "common/errors.h"
#include "pipeline/pipeline.h"

namespace apq::pipeline {
namespace {

namespace fs = std::filesystem;

TEST(PipelineConfig, TheShippedDefaultLoadsWithEveryStrategy) {
  const PipelineConfig config = load_pipeline_config(default_pipeline_config_path());
  EXPECT_EQ(config.strategies, (std::vector<std::string>{"joint", "fixed-bits:8", "sequential"}));
  EXPECT_TRUE(fs::path(config.space).is_absolute());
  EXPECT_TRUE(fs::is_regular_file(config.supernet));
  const std::vector<std::string> steps = pipeline_step_names(config);
  // lut, lut-validate, bounds, a search and a fine-tuning per strategy and bound, best, integer, report
  EXPECT_EQ(steps.size(), 3 + 2 * 3 * config.latency_quantiles.size() + 3);
  EXPECT_EQ(steps.front(), "lut");
  EXPECT_EQ(steps.back(), "report");
}

class PipelineConfigErrors : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("apq_pipeline_config_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    base_ = nlohmann::json::parse(std::ifstream(default_pipeline_config_path()));
    // The shipped file's paths are relative to its folder: make them absolute for a file elsewhere.
    const fs::path shipped = fs::path(default_pipeline_config_path()).parent_path();
    for (const char* key : {"space", "accel", "supernet", "predictor", "fp32_predictor"})
      base_[key] = (shipped / base_[key].get<std::string>()).string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Loading `doc` fails with an InputError whose message holds every piece of `expected`.
  void expect_rejected(const nlohmann::json& doc, std::initializer_list<std::string> expected) {
    const std::string path = (dir_ / "pipeline.json").string();
    std::ofstream(path) << doc.dump(1);
    try {
      load_pipeline_config(path);
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

TEST_F(PipelineConfigErrors, NamesTheFieldAndValue) {
  nlohmann::json doc = base_;
  doc["generation"] = 5;
  expect_rejected(doc, {"generation"});
  doc = base_;
  doc["supernet"] = "nope.pt";
  expect_rejected(doc, {"supernet", "nope.pt", "no such file"});
  doc = base_;
  doc["strategies"] = {"joint", "greedy"};
  expect_rejected(doc, {"strategies[1]", "greedy"});
  doc = base_;
  doc["strategies"] = nlohmann::json::array();
  expect_rejected(doc, {"strategies"});
  doc = base_;
  doc["strategies"] = {"joint", "joint"};
  expect_rejected(doc, {"strategies[1]", "listed twice"});
  doc = base_;
  doc.erase("fp32_predictor");
  expect_rejected(doc, {"strategies[2]", "sequential", "fp32_predictor"});
  doc = base_;
  doc["latency_ms"] = {0.3};
  expect_rejected(doc, {"latency_ms", "latency_quantiles"});
  doc = base_;
  doc["latency_quantiles"] = {0.5, 1.5};
  expect_rejected(doc, {"latency_quantiles[1]", "1.5"});
  doc = base_;
  doc["generations"] = -1;
  expect_rejected(doc, {"generations", "-1"});
  doc = base_;
  doc["verify"] = 0;
  expect_rejected(doc, {"verify", "0"});
}

}  // namespace
}  // namespace apq::pipeline
