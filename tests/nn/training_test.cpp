#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "common/errors.h"
#include "nn/supernet_jobs.h"
#include "nn/training/checkpoint.h"
#include "nn/training/lr_schedule.h"
#include "nn/training/phase_space.h"
#include "nn/training/training_config.h"
#include "search/space/block_slots.h"
#include "search/space/config_sampling.h"
#include "search/space/space_file.h"
#include "tests/nn/supernet_test_support.h"

namespace apq::nn {
namespace {

namespace fs = std::filesystem;

// The tiny test space at Fashion-MNIST's 28x28, small enough to train a few steps in a test.
std::string small_space() { return testing::tiny_space_json(28, 2); }

// Every phase kind: largest with warm-up, elastic kernel with distillation from the frozen
// teacher, then widening mid channels (a sort at phase start) with the sandwich rule (largest,
// smallest and two random sub-networks per step) and in-place distillation.
constexpr const char* kQuickTraining = R"({
  "seed": 3, "batch_size": 16, "steps_per_epoch": 3, "validation_images": 64,
  "recalibration_images": 32,
  "phases": [
    {"name": "largest", "epochs": 2, "lr": 0.05, "warmup_epochs": 1},
    {"name": "kernel", "epochs": 1, "lr": 0.03, "kernel_top": 2, "distill": true},
    {"name": "width", "epochs": 2, "lr": 0.02, "kernel_top": 2, "depth_top": 2, "mid_fraction": 1.0,
     "subnets_per_step": 2, "include_largest": true, "include_smallest": true, "distill": true}
  ]
})";

class TrainingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("apq_training_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    space_path_ = write("space.json", small_space());
    config_path_ = write("training.json", kQuickTraining);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string write(const std::string& name, const std::string& text) {
    const std::string path = (dir_ / name).string();
    std::ofstream(path) << text;
    return path;
  }

  TrainRequest request(const std::string& run, std::int64_t stop_after = 0, bool resume = false) {
    TrainRequest r;
    r.space_path = space_path_;
    r.training_config_path = config_path_;
    r.out_dir = (dir_ / run).string();
    r.stop_after_epochs = stop_after;
    r.resume = resume;
    return r;
  }

  fs::path dir_;
  std::string space_path_;
  std::string config_path_;
};

std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The CSV log without its two timing columns.
std::string log_without_timings(const fs::path& path) {
  std::istringstream in(read_text(path));
  std::string line;
  std::string out;
  while (std::getline(in, line)) {
    std::size_t cut = line.size();
    for (int commas = 0; commas < 2; ++commas) cut = line.rfind(',', cut - 1);
    out += line.substr(0, cut) + "\n";
  }
  return out;
}

void expect_same_tensors(torch::nn::Module& a, torch::nn::Module& b) {
  const auto pa = a.named_parameters();
  const auto pb = b.named_parameters();
  ASSERT_EQ(pa.size(), pb.size());
  for (const auto& item : pa) EXPECT_TRUE(torch::equal(item.value(), pb[item.key()])) << item.key();
  const auto ba = a.named_buffers();
  const auto bb = b.named_buffers();
  for (const auto& item : ba) EXPECT_TRUE(torch::equal(item.value(), bb[item.key()])) << item.key();
}

TEST_F(TrainingTest, ResumedRunEqualsUninterruptedRun) {
  train_supernet(request("straight"));
  // Stopped after the first epoch (mid-phase: the optimizer state must be restored) and after
  // the kernel phase (the next phase starts from the checkpoint: teacher and sort).
  train_supernet(request("resumed", 1));
  EXPECT_FALSE(fs::exists(dir_ / "resumed" / "supernet.pt"));
  train_supernet(request("resumed", 2, true));
  train_supernet(request("resumed", 0, true));

  Checkpoint straight = load_checkpoint((dir_ / "straight" / "supernet.pt").string());
  Checkpoint resumed = load_checkpoint((dir_ / "resumed" / "supernet.pt").string());
  EXPECT_EQ(straight.progress.global_epoch, 5);
  EXPECT_EQ(resumed.progress.global_epoch, 5);
  expect_same_tensors(*straight.supernet, *resumed.supernet);
  EXPECT_EQ(log_without_timings(dir_ / "straight" / "train_log.csv"),
            log_without_timings(dir_ / "resumed" / "train_log.csv"));

  // Training moved the weights away from a fresh supernet's.
  torch::manual_seed(0);
  Supernet fresh(search::load_space(space_path_));
  EXPECT_FALSE(torch::equal(fresh->block(0).project_weight, straight.supernet->block(0).project_weight));
}

// A phase that trains only its smallest sub-network (depth 1 of 2) leaves the weights of the
// blocks that network skips exactly as they were, and moves the ones it runs.
TEST_F(TrainingTest, IncludeSmallestTrainsTheSmallestSubnetwork) {
  config_path_ = write("smallest.json", R"({
    "seed": 5, "batch_size": 16, "steps_per_epoch": 3, "validation_images": 32,
    "recalibration_images": 16,
    "phases": [
      {"name": "largest", "epochs": 1, "lr": 0.05},
      {"name": "smallest", "epochs": 1, "lr": 0.05, "depth_top": 2, "subnets_per_step": 0,
       "include_smallest": true}
    ]
  })");
  train_supernet(request("run", 1));
  Checkpoint before = load_checkpoint((dir_ / "run" / "checkpoint.pt").string());
  train_supernet(request("run", 0, true));
  Checkpoint after = load_checkpoint((dir_ / "run" / "supernet.pt").string());
  for (int skipped : {1, 3}) {
    EXPECT_TRUE(torch::equal(before.supernet->block(skipped).project_weight,
                             after.supernet->block(skipped).project_weight)) << "block " << skipped;
  }
  for (int run : {0, 2}) {
    EXPECT_FALSE(torch::equal(before.supernet->block(run).project_weight,
                              after.supernet->block(run).project_weight)) << "block " << run;
  }
}

TEST_F(TrainingTest, RefusesToOverwriteOrToResumeAnotherRun) {
  train_supernet(request("run", 1));
  try {
    train_supernet(request("run"));
    FAIL() << "an existing run was overwritten";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("--resume"), std::string::npos) << e.what();
  }
  std::string other = kQuickTraining;
  other.replace(other.find("\"seed\": 3"), 9, "\"seed\": 4");
  config_path_ = write("other.json", other);
  try {
    train_supernet(request("run", 0, true));
    FAIL() << "a run was resumed with another training config";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("another training config"), std::string::npos) << e.what();
  }
}

TEST_F(TrainingTest, SampleResumesTheSameStream) {
  train_supernet(request("run"));
  SampleRequest sample;
  sample.checkpoint = (dir_ / "run" / "supernet.pt").string();
  sample.seed = 11;
  sample.recalibration_images = 32;
  sample.validation_images = 64;
  sample.count = 3;
  sample.out_path = (dir_ / "straight.jsonl").string();
  sample_subnets(sample);

  sample.out_path = (dir_ / "resumed.jsonl").string();
  sample.count = 2;
  sample_subnets(sample);
  std::ofstream(sample.out_path, std::ios::app) << "{\"config\": {\"ks\"";  // a torn last line
  sample.count = 3;
  sample_subnets(sample);
  EXPECT_EQ(read_text(dir_ / "straight.jsonl"), read_text(dir_ / "resumed.jsonl"));
  std::istringstream lines(read_text(dir_ / "straight.jsonl"));
  std::string line;
  int count = 0;
  while (std::getline(lines, line)) {
    const auto row = nlohmann::json::parse(line);
    EXPECT_GE(row.at("accuracy").get<double>(), 0.0);
    EXPECT_LE(row.at("accuracy").get<double>(), 1.0);
    ++count;
  }
  EXPECT_EQ(count, 3);
}

TEST(TrainingConfigTest, RejectsBadFieldsNamingThem) {
  auto message = [](const std::string& text) {
    try {
      training_config_from_json_text(text, "t.json");
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  const std::string phase = R"({"name": "largest", "epochs": 2, "lr": 0.1})";
  EXPECT_NE(message(R"({"phases": [)" + phase + R"(], "colour": 1})").find("colour"), std::string::npos);
  EXPECT_NE(message(R"({"phases": [{"name": "largest", "epochs": 0, "lr": 0.1}]})").find("phases[0].epochs"),
            std::string::npos);
  EXPECT_NE(message(R"({"phases": [{"name": "k", "epochs": 2, "lr": 0.1, "distill": true}]})").find("distil"),
            std::string::npos);
  EXPECT_NE(message(R"({"phases": [{"name": "a,b", "epochs": 2, "lr": 0.1}]})").find("phases[0].name"),
            std::string::npos);
  EXPECT_NE(message(R"({"phases": [{"name": "a", "epochs": 2, "lr": 0.1, "warmup_epochs": 2}]})")
                .find("warmup_epochs"),
            std::string::npos);
  EXPECT_NE(message(R"({"phases": []})").find("phases"), std::string::npos);
  EXPECT_NE(message(R"({"phases": [{"name": "a", "epochs": 2, "lr": 0.1, "subnets_per_step": 0}]})")
                .find("phases[0].subnets_per_step"),
            std::string::npos);
  EXPECT_NE(message("{").find("not valid JSON"), std::string::npos);
  EXPECT_EQ(message(R"({"phases": [)" + phase + "]}"), "accepted");
}

// A config's architecture (depths, kernels, mid channels) without its bits.
search::SubnetConfig architecture(search::SubnetConfig config) {
  for (search::BlockChoice& block : config.blocks) block.pw_w_bits = block.pw_a_bits = block.dw_w_bits = block.dw_a_bits = 0;
  return config;
}

TEST(PhaseSpaceTest, KeepsTheLargestChoicesAndStaysInsideTheSpace) {
  const search::Space space = search::space_from_json(nlohmann::json::parse(small_space()), "small");
  PhaseConfig phase;
  phase.kernel_top = 1;
  phase.depth_top = 1;
  phase.mid_fraction = 0.0;
  EXPECT_EQ(architecture(search::largest_config(phase_space(space, phase))),
            architecture(search::largest_config(space)));
  EXPECT_EQ(architecture(search::smallest_config(phase_space(space, phase))),
            architecture(search::largest_config(space)));

  phase.kernel_top = 2;
  phase.depth_top = 5;  // more than there are: all
  phase.mid_fraction = 0.5;
  const search::Space half = phase_space(space, phase);
  const auto slots = search::block_slots(space);
  const auto counts = mid_choice_counts(space, 0.5);
  for (const auto& slot : slots) {
    // 16 in: 64, 72, ..., 96 (5 choices) keeps ceil(2.5) = 3; 8 in: 32, 40, 48 keeps 2.
    EXPECT_EQ(counts[slot.index], slot.in_channels == 16 ? 3u : 2u);
  }
  std::mt19937_64 rng(1);
  for (int i = 0; i < 50; ++i) {
    const search::SubnetConfig config = search::random_config(half, rng);
    EXPECT_NO_THROW(search::validate_config(space, config, "drawn"));
    for (const auto& slot : slots) {
      EXPECT_GE(config.blocks[slot.index].mid_channels,
                slot.mid_choices[slot.mid_choices.size() - counts[slot.index]]);
      EXPECT_GE(config.blocks[slot.index].kernel, 5);
    }
  }
  phase.kernel_top = 3;
  phase.mid_fraction = 1.0;
  EXPECT_EQ(architecture(search::smallest_config(phase_space(space, phase))),
            architecture(search::smallest_config(space)));
}

TEST(PhaseSpaceTest, NamesTheChoicesNoPhaseTrains) {
  const search::Space space = search::space_from_json(nlohmann::json::parse(small_space()), "small");
  PhaseConfig largest;  // kernel_top 1, depth_top 1, mid_fraction 0: the largest network only
  EXPECT_NE(untrained_choices(space, {largest}).find("kernel"), std::string::npos);
  PhaseConfig all = largest;
  all.kernel_top = static_cast<int>(space.kernel_choices.size());
  all.depth_top = 100;
  all.mid_fraction = 1.0;
  EXPECT_EQ(untrained_choices(space, {largest, all}), "");
  PhaseConfig shallow = all;  // every depth but the smallest of each stage with a choice
  shallow.depth_top = static_cast<int>(space.stages[0].depth_choices.size()) - 1;
  ASSERT_GT(space.stages[0].depth_choices.size(), 1u);
  const std::string gaps = untrained_choices(space, {largest, shallow});
  EXPECT_NE(gaps.find("depth " + std::to_string(space.stages[0].depth_choices.front()) + " of stage 1"),
            std::string::npos) << gaps;
  EXPECT_EQ(gaps.find("kernel"), std::string::npos) << gaps;
  EXPECT_EQ(gaps.find("mid-channel"), std::string::npos) << gaps;
}

// Each shipped training config (configs/training/NAME.json) is for the space of the same name; a
// phase schedule that never samples some choice leaves sub-networks untrained (the first run of
// the wider fmnist space lost its depth-1 networks that way).
TEST(PhaseSpaceTest, ShippedTrainingConfigsTrainEveryChoiceOfTheirSpace) {
  const std::filesystem::path root = APQ_SOURCE_DIR;
  int checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(root / "configs" / "training")) {
    if (entry.path().extension() != ".json") continue;
    const search::Space space = search::load_space((root / "configs" / "spaces" / entry.path().filename()).string());
    const TrainingConfig config = load_training_config(entry.path().string());
    EXPECT_EQ(untrained_choices(space, config.phases), "") << entry.path();
    ++checked;
  }
  EXPECT_GT(checked, 0);
}

TEST(LearningRateTest, WarmsUpThenFollowsACosineToZero) {
  PhaseConfig phase;
  phase.epochs = 4;
  phase.warmup_epochs = 1;
  phase.lr = 0.2;
  const std::int64_t steps = 10;
  EXPECT_NEAR(phase_learning_rate(phase, 0, steps), 0.02, 1e-12);
  EXPECT_NEAR(phase_learning_rate(phase, 9, steps), 0.2, 1e-12);
  EXPECT_NEAR(phase_learning_rate(phase, 10, steps), 0.2, 1e-12);
  EXPECT_NEAR(phase_learning_rate(phase, 25, steps), 0.1, 1e-12);  // half way through the decay
  EXPECT_LT(phase_learning_rate(phase, 39, steps), 0.001);
  for (std::int64_t s = 11; s < 40; ++s) {
    EXPECT_LT(phase_learning_rate(phase, s, steps), phase_learning_rate(phase, s - 1, steps));
  }
}

TEST(CheckpointTest, ANonCheckpointFileIsAnInputError) {
  const std::string path = (fs::temp_directory_path() / ("apq_not_ckpt_" + std::to_string(::getpid()))).string();
  std::ofstream(path) << "not a checkpoint";
  EXPECT_THROW(load_checkpoint(path), InputError);
  EXPECT_THROW(load_checkpoint(path + ".missing"), InputError);
  fs::remove(path);
}

}  // namespace
}  // namespace apq::nn
