// The main job end to end on the tiny space: a supernet trained here (seconds), hand-made
// predictors, the 4x8 test accelerator. Checks every report file and figure, that a run stopped
// after its second step and resumed equals an uninterrupted one, and that a folder holding a run
// is not overwritten.
#include "pipeline/pipeline.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "common/child_process.h"
#include "common/errors.h"
#include "common/gnuplot_figure.h"
#include "search/space/space_file.h"
#include "tests/search/ramp_predictor.h"

namespace apq::pipeline {
namespace {

namespace fs = std::filesystem;

const std::string kData = std::string(APQ_SOURCE_DIR) + "/tests/pipeline/data";

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

nlohmann::json read_json(const fs::path& path) { return nlohmann::json::parse(read_text(path)); }

std::size_t data_rows(const fs::path& csv) {
  std::istringstream in(read_text(csv));
  std::string line;
  std::size_t rows = 0;
  std::getline(in, line);
  while (std::getline(in, line)) rows += line.empty() ? 0 : 1;
  return rows;
}

// PNG signature, then the IHDR chunk: width and height as big-endian 32-bit numbers.
void expect_png_of_size(const fs::path& path, int width, int height) {
  const std::string bytes = read_text(path);
  ASSERT_GT(bytes.size(), 24u) << path;
  EXPECT_EQ(bytes.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8)) << path;
  EXPECT_EQ(bytes.substr(12, 4), "IHDR") << path;
  const auto be32 = [&](std::size_t at) {
    return (static_cast<unsigned char>(bytes[at]) << 24) | (static_cast<unsigned char>(bytes[at + 1]) << 16) |
           (static_cast<unsigned char>(bytes[at + 2]) << 8) | static_cast<unsigned char>(bytes[at + 3]);
  };
  EXPECT_EQ(be32(16), width) << path;
  EXPECT_EQ(be32(20), height) << path;
}

class TinyPipeline : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("apq_pipeline_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    const ChildResult trained =
        run_child(APQ_BINARY, {"supernet", "train", "--space", kData + "/tiny_space.json", "--train-config",
                               kData + "/tiny_training.json", "--out", (dir_ / "supernet").string()});
    ASSERT_EQ(trained.exit_code, 0);
    const search::Space space = search::load_space(kData + "/tiny_space.json");
    search::save_predictor((dir_ / "quant.txt").string(), testing::ramp_predictor(space, search::PredictorKind::Quant));
    search::save_predictor((dir_ / "fp32.txt").string(), testing::ramp_predictor(space, search::PredictorKind::Fp32));
    nlohmann::json config = {{"space", kData + "/tiny_space.json"},
                             {"accel", std::string(APQ_SOURCE_DIR) + "/configs/accel/bitfusion-4x8-test.json"},
                             {"supernet", (dir_ / "supernet" / "supernet.pt").string()},
                             {"predictor", "quant.txt"},
                             {"fp32_predictor", "fp32.txt"},
                             {"strategies", {"joint", "fixed-bits:8", "sequential"}},
                             {"latency_quantiles", {0.6}},
                             {"validate_samples", 8},
                             {"population", 10},
                             {"generations", 4},
                             {"verify", 2},
                             {"finetune_images", 64},
                             {"rtl_images", 1}};
    std::ofstream(dir_ / "pipeline.json") << config.dump(1);
    config_ = load_pipeline_config((dir_ / "pipeline.json").string());
    full_ = run("full");
  }
  static void TearDownTestSuite() { fs::remove_all(dir_); }

  static PipelineOutcome run(const std::string& name, bool resume = false, const std::string& stop_after = "") {
    PipelineRequest request;
    request.config = config_;
    request.out_dir = (dir_ / name).string();
    request.apq = APQ_BINARY;
    request.resume = resume;
    request.stop_after = stop_after;
    return run_pipeline(request);
  }

  static fs::path dir_;
  static PipelineConfig config_;
  static PipelineOutcome full_;
};

fs::path TinyPipeline::dir_;
PipelineConfig TinyPipeline::config_;
PipelineOutcome TinyPipeline::full_;

TEST_F(TinyPipeline, WritesEveryReportFileAndFigure) {
  ASSERT_TRUE(full_.finished);
  const fs::path run = dir_ / "full";
  EXPECT_EQ(full_.report, (run / "report.md").string());
  EXPECT_EQ(full_.steps_run, static_cast<int>(pipeline_step_names(config_).size()));
  const std::string report = read_text(run / "report.md");
  for (const char* figure : {"accuracy_latency", "accuracy_energy", "lut_vs_sim_latency", "lut_vs_sim_energy",
                             "energy_breakdown", "convergence"}) {
    expect_png_of_size(run / "report" / (std::string(figure) + ".png"), kFigureWidth, kFigureHeight);
    EXPECT_TRUE(fs::is_regular_file(run / "report" / (std::string(figure) + ".gp"))) << figure;
    EXPECT_NE(report.find(std::string("report/") + figure + ".png"), std::string::npos) << figure;
  }

  // Every plotted CSV has the rows the report claims.
  const nlohmann::json bounds = read_json(run / "bounds.json");
  std::size_t feasible = 0, verified = 0;
  for (const auto& [id, ok] : bounds.at("feasible").items()) {
    if (!ok.get<bool>()) continue;
    ++feasible;
    verified += read_json(run / "search" / (id + ".json")).at("verification").at("candidates").size();
  }
  ASSERT_GT(feasible, 0u);
  EXPECT_EQ(data_rows(run / "report" / "winners.csv"), feasible);
  EXPECT_EQ(data_rows(run / "report" / "verified.csv"), verified);
  EXPECT_NE(report.find("over the " + std::to_string(verified) + " verified candidates"), std::string::npos);
  EXPECT_EQ(data_rows(run / "report" / "convergence.csv"), static_cast<std::size_t>(config_.generations + 1));
  EXPECT_EQ(data_rows(run / "report" / "energy_breakdown.csv"),
            read_json(run / "best" / "sim.json").at("layers").size());

  // The best network went through the model with the RTL array, bit-exact.
  const nlohmann::json rtl = read_json(run / "integer" / "rtl.json");
  EXPECT_TRUE(rtl.at("rtl_pass").get<bool>());
  EXPECT_EQ(rtl.at("per_image").size(), 1u);
  EXPECT_NE(report.find("bit-exact with the golden integer model"), std::string::npos);
}

// What a run leaves, with the run's own folder name taken out (some files name their paths).
std::string result_text(const fs::path& run, const std::string& relative) {
  std::string text = read_text(run / relative);
  const std::string folder = run.string();
  for (std::size_t at = text.find(folder); at != std::string::npos; at = text.find(folder, at))
    text.replace(at, folder.size(), "RUN");
  return text;
}

TEST_F(TinyPipeline, StoppedAfterItsSecondStepAndResumedEqualsAnUninterruptedRun) {
  const std::vector<std::string> steps = pipeline_step_names(config_);
  const PipelineOutcome first = run("resumed", false, steps[1]);
  EXPECT_FALSE(first.finished);
  EXPECT_EQ(first.steps_run, 2);
  EXPECT_FALSE(fs::exists(dir_ / "resumed" / "bounds.json"));
  const PipelineOutcome second = run("resumed", true);
  ASSERT_TRUE(second.finished);
  EXPECT_EQ(second.steps_skipped, 2);
  EXPECT_EQ(second.steps_run, static_cast<int>(steps.size()) - 2);

  std::vector<std::string> results{"lut_validation.csv", "lut_validation.json", "bounds.json",
                                   "best/best.json",     "best/sim.json",       "integer/rtl.json"};
  for (const char* folder : {"search", "finetune", "report"})
    for (const auto& entry : fs::directory_iterator(dir_ / "full" / folder)) {
      const std::string name = entry.path().filename().string();
      if (entry.path().extension() == ".csv" || entry.path().extension() == ".json")
        results.push_back(std::string(folder) + "/" + name);
    }
  ASSERT_GT(results.size(), 12u);
  for (const std::string& file : results)
    EXPECT_EQ(result_text(dir_ / "resumed", file), result_text(dir_ / "full", file)) << file;
}

TEST_F(TinyPipeline, AFolderHoldingARunIsNotOverwritten) {
  EXPECT_THROW(run("full"), UsageError);
  PipelineConfig other = config_;
  other.seed = 2;
  PipelineRequest request;
  request.config = other;
  request.out_dir = (dir_ / "full").string();
  request.apq = APQ_BINARY;
  request.resume = true;
  try {
    run_pipeline(request);
    FAIL() << "a resumed run with another seed was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("seed"), std::string::npos) << e.what();
  }
  request.resume = false;
  request.out_dir = (dir_ / "other").string();
  request.stop_after = "nonsense";
  EXPECT_THROW(run_pipeline(request), UsageError);
  EXPECT_FALSE(fs::exists(dir_ / "other"));
}

}  // namespace
}  // namespace apq::pipeline
