// apq search as a user runs it: a seeded search writes its result and history and repeats
// itself; bad input (a constraint <= 0, an infeasible one, a predictor of another encoding or
// kind, --verify without --accel, ...) exits 2 naming the file, field and value and writes
// nothing; --verify reports what apq sim net gives for the exported network; the sequential
// baseline.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <random>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "calibration/lut_cost_model.h"
#include "calibration/lut_file.h"
#include "calibration/query.h"
#include "search/model/bitops.h"
#include "search/predictor/mlp_predictor.h"
#include "search/predictor/predictor_file.h"
#include "search/predictor/quality.h"
#include "search/space/apq_arch_file.h"
#include "search/space/config_file.h"
#include "search/space/config_sampling.h"
#include "search/space/space_file.h"
#include "synthetic_lut.h"
#include "tests/cli/apq_run.h"
#include "tests/search/ramp_predictor.h"

namespace apq {
namespace {

namespace fs = std::filesystem;

using testing::CommandRun;
using testing::read_text;
using testing::run_apq;

using testing::ramp_predictor;

class SearchCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("apq_search_cli_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
    lut_ = path("lut.json");
    calibration::save_lut(lut_, table_);
    predictor_ = path("quant.txt");
    search::save_predictor(predictor_, ramp_predictor(space_, search::PredictorKind::Quant));
    out_ = path("result.json");
    history_ = path("history.csv");
    small_ = model_.cost(search::smallest_config(space_));
    large_ = model_.cost(search::largest_config(space_));
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  std::string base(const std::string& predictor) const {
    return "search --space " + space_path_ + " --lut " + lut_ + " --predictor " + predictor +
           " --population 20 --parents 5 --mutants 10 --crossovers 10 --generations 8 --seed 3";
  }

  void expect_rejected(const std::string& arguments, std::initializer_list<std::string> parts) {
    SCOPED_TRACE(arguments);
    const CommandRun run = run_apq(arguments + " --output " + out_ + " --history " + history_);
    EXPECT_EQ(run.exit_code, 2) << run.output;
    for (const std::string& part : parts) EXPECT_NE(run.output.find(part), std::string::npos) << run.output;
    EXPECT_FALSE(fs::exists(out_));
    EXPECT_FALSE(fs::exists(history_));
  }

  std::string space_path_ = std::string(APQ_SOURCE_DIR) + "/configs/spaces/fmnist.json";
  search::Space space_ = search::load_space(space_path_);
  calibration::Lut table_ = calibration::testing_support::monotone_lut(space_);
  calibration::LutCostModel model_{table_, space_, "lut.json"};
  search::Cost small_, large_;
  fs::path dir_;
  std::string lut_, predictor_, out_, history_;
};

TEST_F(SearchCli, ResultMeetsTheConstraintsByTheLutAndRepeatsWithTheSeed) {
  const double latency = (small_.latency_ms + large_.latency_ms) / 2;
  const double energy = small_.energy_mj + 0.6 * (large_.energy_mj - small_.energy_mj);
  const double bitops_g = (small_.bitops + 0.7 * (large_.bitops - small_.bitops)) / 1e9;
  const std::string args = base(predictor_) + " --latency " + std::to_string(latency) + " --energy " +
                           std::to_string(energy) + " --bitops " + std::to_string(bitops_g) +
                           " --top-k 3 --pareto --history " + history_ + " --output " + out_;
  const CommandRun run = run_apq(args);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const std::string first = read_text(out_);
  const nlohmann::json result = nlohmann::json::parse(first);
  EXPECT_EQ(result["strategy"], "joint");
  EXPECT_EQ(result["top"].size(), 3u);
  ASSERT_FALSE(result["pareto"].empty());
  std::vector<nlohmann::json> all = {result["best"]};
  for (const auto& c : result["top"]) all.push_back(c);
  for (const auto& c : result["pareto"]) all.push_back(c);
  for (const nlohmann::json& c : all) {
    const search::SubnetConfig config = search::config_from_json(space_, c["config"], "result");
    const calibration::LutCost cost = calibration::lut_cost(table_, space_, config, "lut.json");
    EXPECT_LE(cost.latency_ms, latency);
    EXPECT_LE(cost.energy_mj, energy);
    EXPECT_LE(search::network_bitops(space_, config) / 1e9, bitops_g);
    EXPECT_DOUBLE_EQ(c["latency"].get<double>(), cost.latency_ms);
    EXPECT_DOUBLE_EQ(c["energy"].get<double>(), cost.energy_mj);
  }
  EXPECT_EQ(result["best"], result["top"][0]);
  const std::string history = read_text(history_);
  EXPECT_EQ(history.rfind("generation,accuracy,latency_ms,energy_mj,bitops_g\n0,", 0), 0u);
  EXPECT_EQ(std::count(history.begin(), history.end(), '\n'), 1 + 9);

  fs::remove(out_);
  ASSERT_EQ(run_apq(args).exit_code, 0);
  EXPECT_EQ(read_text(out_), first);
}

TEST_F(SearchCli, FixedBitsKeepsEveryBlockAtItsBits) {
  const CommandRun run = run_apq(base(predictor_) + " --strategy fixed-bits:6 --bitops 1000");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const nlohmann::json result = nlohmann::json::parse(run.output.substr(run.output.find("{\n")));
  for (const char* field : {"pw_w_bits_setting", "pw_a_bits_setting", "dw_w_bits_setting", "dw_a_bits_setting"})
    for (const auto& bits : result["best"]["config"][field]) EXPECT_EQ(bits, 6);
}

TEST_F(SearchCli, ApqArchFileHoldsTheBestSubnetworkOfAnApqSpace) {
  const std::string imagenet_path = std::string(APQ_SOURCE_DIR) + "/configs/spaces/apq-imagenet224.json";
  const search::Space imagenet = search::load_space(imagenet_path);
  calibration::save_lut(path("imagenet_lut.json"), calibration::testing_support::monotone_lut(imagenet));
  search::save_predictor(path("imagenet_quant.txt"), ramp_predictor(imagenet, search::PredictorKind::Quant));
  const std::string arch = path("arch");
  const CommandRun run = run_apq("search --space " + imagenet_path + " --lut " + path("imagenet_lut.json") +
                                 " --predictor " + path("imagenet_quant.txt") +
                                 " --population 10 --parents 3 --mutants 5 --crossovers 5 --generations 3"
                                 " --bitops 1000 --apq-arch " + arch + " --output " + out_);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const nlohmann::json result = nlohmann::json::parse(read_text(out_));
  EXPECT_EQ(search::load_apq_arch(imagenet, arch),
            search::config_from_json(imagenet, result["best"]["config"], "result"));
  // fmnist is not marked apq_compatible: refused before the search runs.
  fs::remove(out_);
  expect_rejected(base(predictor_) + " --bitops 1000 --apq-arch " + path("fmnist_arch"), {"apq_compatible"});
  EXPECT_FALSE(fs::exists(path("fmnist_arch")));
}

TEST_F(SearchCli, BadInputExitsTwoAndWritesNothing) {
  expect_rejected(base(predictor_) + " --latency -1", {"--latency must be a positive number of ms, got -1"});
  expect_rejected(base(predictor_) + " --energy 0", {"--energy must be a positive number of mJ, got 0"});
  expect_rejected(base(predictor_), {"give at least one constraint"});
  char smallest[32];
  std::snprintf(smallest, sizeof smallest, "%.6g ms", small_.latency_ms);
  expect_rejected(base(predictor_) + " --latency " + std::to_string(small_.latency_ms / 2),
                  {"cannot be met: no sub-network of the space has latency below", smallest});
  expect_rejected(base(predictor_) + " --bitops 0.000001 --strategy fixed-bits:5", {"no 5-bit choice for pw_w"});

  const std::string other = path("imagenet.txt");
  search::PredictorWeights w = search::zero_predictor(
      search::load_space(std::string(APQ_SOURCE_DIR) + "/configs/spaces/apq-imagenet224.json"),
      search::PredictorKind::Quant, 2);
  w.space_name = "fmnist";
  search::save_predictor(other, w);
  expect_rejected(base(other) + " --latency 100",
                  {other + ": arch_inputs = " + std::to_string(w.arch_inputs), "327", "another encoding length"});

  const std::string fp32 = path("fp32.txt");
  search::save_predictor(fp32, ramp_predictor(space_, search::PredictorKind::Fp32));
  expect_rejected(base(fp32) + " --latency 100", {fp32 + ": kind = fp32", "quantization-aware"});
  EXPECT_EQ(run_apq(base(fp32) + " --latency 100 --strategy fixed-bits:8").exit_code, 0);

  std::ofstream(path("broken.txt")) << "apq-accuracy-predictor 1\nspace fmnist\nkind quant\narch_inputs x\n";
  expect_rejected(base(path("broken.txt")) + " --latency 100", {"broken.txt: line 4: arch_inputs = 'x'"});
}

TEST_F(SearchCli, VerifyAndSequentialBadInputExitsTwoAndWritesNothing) {
  const std::string accel = std::string(APQ_SOURCE_DIR) + "/configs/accel/bitfusion-eyeriss.json";
  const std::string args = base(predictor_) + " --latency 100";
  expect_rejected(args + " --verify 2", {"--verify 2 needs --accel FILE"});
  expect_rejected(args + " --verify 0 --accel " + accel, {"--verify must be in [1, 100000], got 0"});
  expect_rejected(args + " --verify -3 --accel " + accel, {"--verify must be in [1, 100000], got -3"});
  expect_rejected(args + " --accel " + accel, {"--accel " + accel + " is used only with --verify K"});
  expect_rejected(args + " --constraint-by sim", {"--constraint-by sim needs --verify K"});
  expect_rejected(args + " --verify 2 --accel " + accel + " --constraint-by both",
                  {"--constraint-by must be lut or sim, got 'both'"});
  // The synthetic LUT was not built by the accelerator model.
  expect_rejected(args + " --verify 2 --accel " + accel,
                  {lut_ + ": the 'head' entry", "--accel " + accel, "built for another accelerator"});
  expect_rejected(args + " --strategy sequential", {"--strategy sequential needs --fp32-predictor FILE"});
  expect_rejected(args + " --strategy sequential --fp32-predictor " + predictor_,
                  {predictor_ + ": kind = quant: --fp32-predictor needs an fp32 predictor"});
  const std::string fp32 = path("fp32.txt");
  search::save_predictor(fp32, ramp_predictor(space_, search::PredictorKind::Fp32));
  expect_rejected(args + " --fp32-predictor " + fp32, {"--fp32-predictor " + fp32 + " is used only by --strategy sequential"});
  expect_rejected(base(fp32) + " --latency 100 --strategy sequential --fp32-predictor " + fp32,
                  {fp32 + ": kind = fp32", "--strategy sequential needs a quantization-aware predictor"});
}

TEST_F(SearchCli, FinetuneBadInputExitsTwoAndWritesNothing) {
  if (!APQ_WITH_TORCH) GTEST_SKIP() << "built without LibTorch (APQ_WITH_TORCH=OFF): no apq-nn";
  const std::string args = base(predictor_) + " --latency 100";
  const std::string nn_data = std::string(APQ_SOURCE_DIR) + "/tests/nn/data";
  expect_rejected(args + " --finetune", {"--finetune needs --ckpt FILE"});
  expect_rejected(args + " --finetune --ckpt " + nn_data + "/nope.pt", {nn_data + "/nope.pt: no such checkpoint file"});
  expect_rejected(args + " --ckpt " + nn_data + "/nope.pt", {"--ckpt is used only with --finetune"});
  expect_rejected(args + " --qnet " + path("q.pt"), {"--qnet is used only with --finetune"});
  expect_rejected(args + " --finetune-images 10", {"--finetune-images is used only with --finetune"});
  // Found by apq-nn after the search: its message, exit 2, still no result file.
  expect_rejected(args + " --finetune --ckpt " + nn_data + "/bad_training.json",
                  {"not a checkpoint written by apq supernet train", "apq quant eval refused its input"});
}

// --finetune reports what apq quant eval measures for the best candidate (the same recipe and
// seed give the same fine-tuned network), next to the predicted accuracy.
TEST_F(SearchCli, FinetuneMeasuresTheBestCandidateAsQuantEvalDoes) {
  if (!APQ_WITH_TORCH) GTEST_SKIP() << "built without LibTorch (APQ_WITH_TORCH=OFF): no apq-nn";
  const std::string checkpoint = std::string(APQ_SOURCE_DIR) + "/models/fmnist-supernet/supernet.pt";
  const CommandRun run = run_apq(base(predictor_) + " --latency 100 --finetune --ckpt " + checkpoint +
                                 " --finetune-images 64 --output " + out_);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const nlohmann::json result = nlohmann::json::parse(read_text(out_));
  const nlohmann::json& finetune = result["finetune"];
  EXPECT_EQ(finetune["predicted_accuracy"], result["best"]["accuracy"]);
  EXPECT_EQ(finetune["finetune_images"], 64);
  EXPECT_EQ(finetune["test_images"], 10000);
  EXPECT_GT(finetune["test_top1"].get<double>(), 0.5);
  EXPECT_NE(run.output.find("finetune: predicted"), std::string::npos) << run.output;

  const std::string spec = path("best.json");
  std::ofstream(spec) << result["best"]["config"].dump();
  const CommandRun direct = run_apq("quant eval --ckpt " + checkpoint + " --space " + space_path_ + " --config " + spec +
                                    " --finetune-images 64 --no-fp32 --json --output " + path("direct.json"));
  ASSERT_EQ(direct.exit_code, 0) << direct.output;
  const nlohmann::json measured = nlohmann::json::parse(read_text(path("direct.json")));
  EXPECT_EQ(finetune["test_top1"], measured["test_top1"]);
  EXPECT_EQ(finetune["ptq_test_top1"], measured["ptq_test_top1"]);
}

TEST_F(SearchCli, SequentialAnswersInTheJointFormatAndRepeatsWithTheSeed) {
  const std::string fp32 = path("fp32.txt");
  search::save_predictor(fp32, ramp_predictor(space_, search::PredictorKind::Fp32));
  const double latency = (small_.latency_ms + large_.latency_ms) / 2;
  const std::string args = base(predictor_) + " --strategy sequential --fp32-predictor " + fp32 + " --latency " +
                           std::to_string(latency) + " --top-k 2 --pareto --output " + out_;
  const CommandRun run = run_apq(args);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const std::string first = read_text(out_);
  const nlohmann::json result = nlohmann::json::parse(first);
  EXPECT_EQ(result["strategy"], "sequential");
  EXPECT_EQ(result["best"], result["top"][0]);
  EXPECT_FALSE(result["pareto"].empty());
  EXPECT_EQ(result["stages"]["quantization"], result["best"]);
  const search::SubnetConfig best = search::config_from_json(space_, result["best"]["config"], "best");
  const search::SubnetConfig pruned = search::config_from_json(space_, result["stages"]["pruning"]["config"], "pruned");
  EXPECT_LE(calibration::lut_cost(table_, space_, best, "lut").latency_ms, latency);
  EXPECT_EQ(best.depths, pruned.depths);
  for (std::size_t b = 0; b < best.blocks.size(); ++b) {
    EXPECT_EQ(best.blocks[b].kernel, pruned.blocks[b].kernel);
    EXPECT_EQ(best.blocks[b].mid_channels, pruned.blocks[b].mid_channels);
    EXPECT_EQ(pruned.blocks[b].pw_w_bits, 8);
  }
  fs::remove(out_);
  ASSERT_EQ(run_apq(args).exit_code, 0);
  EXPECT_EQ(read_text(out_), first);
}

// A LUT the accelerator model built (apq lut build, about a second for fmnist), optionally with
// every block entry scaled so that the LUT underestimates the network and candidates at the
// bound break it under simulation; head and tail stay as simulated (the --accel check).
class VerifyCli : public SearchCli {
 protected:
  void SetUp() override {
    SearchCli::SetUp();
    accel_ = std::string(APQ_SOURCE_DIR) + "/configs/accel/bitfusion-eyeriss.json";
    const CommandRun build =
        run_apq("lut build --space " + space_path_ + " --accel " + accel_ + " --out " + lut_ + " --jobs 2");
    ASSERT_EQ(build.exit_code, 0) << build.output;
    table_ = calibration::load_lut(lut_);
  }
  void scale_blocks(double factor) {
    for (auto& [key, value] : table_)
      if (key.rfind(calibration::kHeadKey, 0) != 0 && key.rfind(calibration::kTailKey, 0) != 0)
        value.latency_ms *= factor, value.energy_mj *= factor;
    calibration::save_lut(lut_, table_);
  }
  search::Cost cost_of(const search::SubnetConfig& config) const {
    return calibration::lut_cost_model(table_, space_, lut_)->cost(config);
  }
  // apq sim net on the network apq sim export-net writes for the config.
  nlohmann::json sim_net_total(const nlohmann::json& config) {
    const std::string config_path = path("config.json"), net = path("net.json");
    std::ofstream(config_path) << config.dump();
    const CommandRun exported =
        run_apq("sim export-net --space " + space_path_ + " --config " + config_path + " --output " + net);
    EXPECT_EQ(exported.exit_code, 0) << exported.output;
    const CommandRun simulated = run_apq("sim net --accel " + accel_ + " --net " + net + " --json");
    EXPECT_EQ(simulated.exit_code, 0) << simulated.output;
    return nlohmann::json::parse(simulated.output)["total"];
  }
  std::string accel_;
};

TEST_F(VerifyCli, VerifiedCostsEqualSimNetOnTheExportedNetwork) {
  const search::Cost small = cost_of(search::smallest_config(space_)), large = cost_of(search::largest_config(space_));
  const double latency = small.latency_ms + 0.4 * (large.latency_ms - small.latency_ms);
  const CommandRun run = run_apq(base(predictor_) + " --latency " + std::to_string(latency) + " --verify 3 --accel " +
                                 accel_ + " --output " + out_);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("verification on"), std::string::npos) << run.output;
  const nlohmann::json result = nlohmann::json::parse(read_text(out_));
  const double bound = result["constraints"]["latency"].get<double>();  // as the command read it
  const nlohmann::json& v = result["verification"];
  EXPECT_EQ(v["constraint_by"], "lut");
  ASSERT_EQ(v["candidates"].size(), 3u);
  EXPECT_EQ(v["selected"], nlohmann::json({1, 2, 3}));
  for (std::size_t i = 0; i < 3; ++i) {
    const nlohmann::json& c = v["candidates"][i];
    EXPECT_EQ(c["config"], result["top"][i]["config"]);
    const nlohmann::json total = sim_net_total(c["config"]);
    EXPECT_EQ(c["sim_latency"].get<double>(), total["latency_ms"].get<double>());
    EXPECT_EQ(c["sim_energy"].get<double>(), total["energy_mj"].get<double>());
    const calibration::LutCost by_lut =
        calibration::lut_cost(table_, space_, search::config_from_json(space_, c["config"], "candidate"), lut_);
    EXPECT_EQ(c["latency"].get<double>(), by_lut.latency_ms);
    EXPECT_EQ(c["latency_rel_error"].get<double>(),
              (by_lut.latency_ms - total["latency_ms"].get<double>()) / total["latency_ms"].get<double>());
    EXPECT_EQ(c["meets_constraints_by_sim"], total["latency_ms"].get<double>() <= bound);
  }
}

TEST_F(VerifyCli, ConstraintBySimReplacesCandidatesThatBreakUnderSimulation) {
  scale_blocks(0.5);
  const search::Cost small = cost_of(search::smallest_config(space_)), large = cost_of(search::largest_config(space_));
  const double latency = small.latency_ms + 0.5 * (large.latency_ms - small.latency_ms);
  const std::string args = base(predictor_) + " --latency " + std::to_string(latency) + " --verify 3 --accel " +
                           accel_ + " --output " + out_;
  ASSERT_EQ(run_apq(args).exit_code, 0);
  const nlohmann::json by_lut = nlohmann::json::parse(read_text(out_));
  const CommandRun run = run_apq(args + " --constraint-by sim");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("BREAKS a constraint"), std::string::npos) << run.output;
  const nlohmann::json result = nlohmann::json::parse(read_text(out_));
  const double bound = result["constraints"]["latency"].get<double>();
  const nlohmann::json& v = result["verification"];
  EXPECT_EQ(v["constraint_by"], "sim");
  ASSERT_EQ(v["selected"].size(), 3u);
  std::vector<int> broken_top, replaced;
  for (const nlohmann::json& c : v["candidates"]) {
    const bool holds = c["sim_latency"].get<double>() <= bound;
    EXPECT_EQ(c["meets_constraints_by_sim"], holds);
    if (!holds && c["rank"].get<int>() <= 3) broken_top.push_back(c["rank"].get<int>());
    if (c.contains("replaces")) replaced.push_back(c["replaces"].get<int>());
  }
  ASSERT_FALSE(broken_top.empty()) << "the top candidates all hold under simulation: the test tests nothing";
  EXPECT_EQ(replaced, broken_top);
  // The answer is the best candidate that holds under simulation, as apq sim net measures it.
  const int first = v["selected"][0].get<int>();
  const nlohmann::json& chosen = v["candidates"][first - 1];
  EXPECT_EQ(result["best"]["config"], chosen["config"]);
  EXPECT_LE(sim_net_total(result["best"]["config"])["latency_ms"].get<double>(), bound);
  // The search itself is the same: only the verification differs.
  EXPECT_EQ(result["top"], by_lut["top"]);
  EXPECT_EQ(by_lut["best"], by_lut["top"][0]);
}

TEST_F(SearchCli, PredictorEvalReportsTheQualityTheLibraryComputes) {
  std::mt19937_64 rng(5);
  std::string lines;
  std::vector<search::SubnetConfig> configs;
  std::vector<double> measured;
  for (int i = 0; i < 30; ++i) {
    configs.push_back(search::random_config(space_, rng));
    measured.push_back(0.8 + 0.005 * (i % 7));
    lines += nlohmann::json{{"config", search::config_to_json(space_, configs.back())}, {"accuracy", measured.back()}}
                 .dump() +
             "\n";
  }
  std::ofstream(path("samples.jsonl")) << lines;
  const CommandRun run =
      run_apq("predictor eval --space " + space_path_ + " --predictor " + predictor_ + " --data " + path("samples.jsonl") +
              " --json");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const nlohmann::json result = nlohmann::json::parse(run.output);
  const search::MlpPredictor predictor(space_, search::load_predictor(predictor_), predictor_);
  const search::PredictorQuality want = search::predictor_quality(predictor.predict(configs), measured);
  EXPECT_EQ(result["samples"], 30);
  EXPECT_DOUBLE_EQ(result["rmse"].get<double>(), want.rmse);
  EXPECT_DOUBLE_EQ(result["pairwise_accuracy"].get<double>(), want.pairwise_accuracy);
  EXPECT_DOUBLE_EQ(result["kendall_tau"].get<double>(), want.kendall_tau);
}

}  // namespace
}  // namespace apq
