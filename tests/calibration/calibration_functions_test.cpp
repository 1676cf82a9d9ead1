// The library functions behind `apq lut build`, `apq lut validate` and `apq calibrate`, called
// directly.
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <set>

#include <gtest/gtest.h>

#include "calibration/build_plan.h"
#include "calibration/entry_simulation.h"
#include "calibration/lut_builder.h"
#include "calibration/lut_file.h"
#include "calibration/lut_validation.h"
#include "calibration/rtl_calibration.h"
#include "common/errors.h"
#include "search/space/space_file.h"
#include "sim/accel_config.h"

namespace apq::calibration {
namespace {

const std::string kSource = APQ_SOURCE_DIR;
const std::string kSpace = kSource + "/configs/spaces/fmnist.json";
const std::string kAccel = kSource + "/configs/accel/bitfusion-eyeriss.json";

std::string temp_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("apq_calibration_" + std::to_string(::getpid()) + "_" + name))
      .string();
}

// A build of the fmnist space on bitfusion-eyeriss (shard `shard` of `count`) into a temporary file.
LutBuildRequest fmnist_build(const std::string& name, int shard = 1, int count = 1) {
  LutBuildRequest request;
  request.space_path = kSpace;
  request.accel_path = kAccel;
  request.out_path = temp_path(name);
  request.shard = Shard{shard, count};
  return request;
}

TEST(BuildLut, WritesExactlyTheShardsEntriesAsSimulatedAndResumes) {
  const search::Space space = search::load_space(kSpace);
  const sim::AccelConfig accel = sim::load_accel_config(kAccel);
  LutBuildRequest request = fmnist_build("shard.json", 3, 40);
  std::int64_t calls = 0;
  request.after_entry = [&](std::int64_t journaled) { EXPECT_EQ(journaled, ++calls); };
  const LutBuildReport report = build_lut(request);
  const std::vector<PlanEntry> plan = shard_entries(plan_entries(space, request.format), request.shard);
  EXPECT_EQ(report.entries, plan.size());
  EXPECT_EQ(report.simulated, plan.size());
  EXPECT_EQ(report.resumed, 0u);
  EXPECT_EQ(report.shard, "3/40");
  EXPECT_EQ(calls, static_cast<std::int64_t>(plan.size()));
  const Lut lut = load_lut(request.out_path);
  ASSERT_EQ(lut.size(), plan.size());
  for (std::size_t i = 0; i < plan.size(); i += 7)
    EXPECT_EQ(lut.at(plan[i].key), simulate_entry(accel, plan[i])) << plan[i].key;
  EXPECT_FALSE(std::filesystem::exists(request.out_path + ".journal"));

  // A journal holding some entries: the resumed build simulates only the rest, same table.
  {
    LutBuildRequest first = request;
    first.out_path = temp_path("resumed.json");
    first.after_entry = [&](std::int64_t journaled) {
      if (journaled == 5) throw std::runtime_error("stopped");
    };
    EXPECT_THROW(build_lut(first), std::runtime_error);
    LutBuildRequest again = first;
    again.resume = true;
    again.after_entry = nullptr;
    const LutBuildReport resumed = build_lut(again);
    EXPECT_EQ(resumed.resumed, 5u);
    EXPECT_EQ(resumed.simulated, plan.size() - 5);
    EXPECT_EQ(load_lut(again.out_path), lut);
    std::filesystem::remove(again.out_path);
  }
  std::filesystem::remove(request.out_path);
}

TEST(BuildLut, RefusesAJournalOfAnotherAccelerator) {
  LutBuildRequest request = fmnist_build("other.json", 1, 40);
  request.after_entry = [](std::int64_t journaled) {
    if (journaled == 2) throw std::runtime_error("stopped");
  };
  EXPECT_THROW(build_lut(request), std::runtime_error);
  request.accel_path = kSource + "/configs/accel/bitfusion-stripes.json";
  request.resume = true;
  request.after_entry = nullptr;
  try {
    build_lut(request);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("accelerator"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(std::filesystem::exists(request.out_path));
  std::filesystem::remove(request.out_path + ".journal");
}

TEST(ValidateLut, ErrorsAreTheLutSumAgainstFullSimulationAndSeeded) {
  const search::Space space = search::load_space(kSpace);
  const sim::AccelConfig accel = sim::load_accel_config(kAccel);
  const LutBuildRequest request = fmnist_build("full.json");
  build_lut(request);
  const Lut lut = load_lut(request.out_path);
  std::filesystem::remove(request.out_path);

  const LutValidation v = validate_lut(lut, "full.json", space, accel, 6, 3);
  ASSERT_EQ(v.samples.size(), 6u);
  std::set<std::string> configs;
  for (const ValidationSample& s : v.samples) {
    configs.insert(s.config);
    EXPECT_GT(s.sim_latency_ms, 0.0);
    EXPECT_DOUBLE_EQ(s.latency_error, (s.lut_latency_ms - s.sim_latency_ms) / s.sim_latency_ms);
    EXPECT_DOUBLE_EQ(s.energy_error, (s.lut_energy_mj - s.sim_energy_mj) / s.sim_energy_mj);
    // The LUT runs each layer alone; it may not be far off the whole network.
    EXPECT_LT(std::abs(s.latency_error), 0.3) << s.config;
    EXPECT_LT(std::abs(s.energy_error), 0.5) << s.config;
  }
  EXPECT_EQ(configs.size(), 6u);
  EXPECT_LE(v.latency.mean_abs, v.latency.max_abs);

  const LutValidation again = validate_lut(lut, "full.json", space, accel, 6, 3);
  for (std::size_t i = 0; i < v.samples.size(); ++i) EXPECT_EQ(again.samples[i].config, v.samples[i].config);

  Lut doubled = lut;
  for (auto& [key, value] : doubled) value.latency_ms *= 2;
  const LutValidation twice = validate_lut(doubled, "doubled.json", space, accel, 6, 3);
  for (std::size_t i = 0; i < v.samples.size(); ++i)
    EXPECT_NEAR(twice.samples[i].lut_latency_ms, 2 * v.samples[i].lut_latency_ms, 1e-12);

  const std::string csv = validation_csv(v);
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 7);
}

TEST(CalibrateAgainstRtl, TheModelChargesTheVerilatedArraysCycles) {
  const sim::AccelConfig accel = sim::load_accel_config(kSource + "/configs/accel/bitfusion-4x8-test.json");
  RtlCalibrationRequest request;
  request.tiles = 12;
  request.max_pixels = 8;
  request.max_steps = 40;
  const RtlCalibration r = calibrate_against_rtl(accel, "4x8.json", request);
  EXPECT_EQ(r.array, "4x8");
  EXPECT_GE(r.passes, request.tiles);
  EXPECT_TRUE(r.agrees());
  EXPECT_EQ(r.exact_passes, r.passes);
  EXPECT_EQ(r.rtl_cycles, r.model_cycles);
  EXPECT_GT(r.rtl_cycles, 0);
}

TEST(CalibrateAgainstRtl, NamesTheAcceleratorWithoutAVerilatedArray) {
  const sim::AccelConfig accel = sim::load_accel_config(kSource + "/configs/accel/bitfusion-8x16.json");
  try {
    calibrate_against_rtl(accel, "8x16.json", {});
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("8x16.json"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("available"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace apq::calibration
