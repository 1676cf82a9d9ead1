// apq sim layer / apq sim net as a user runs them: bad input exits 2 with a message naming the
// field and the value and writes no output file; good input writes the result.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "tests/cli/apq_run.h"

namespace {

namespace fs = std::filesystem;

const std::string kAccel = std::string(APQ_CONFIG_DIR) + "/accel/";
const std::string kNets = std::string(APQ_CONFIG_DIR) + "/nets/";
const std::string kSpaces = std::string(APQ_CONFIG_DIR) + "/spaces/";

using apq::testing::CommandRun;

CommandRun apq(const std::string& arguments) { return apq::testing::run_apq(arguments); }

class SimCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("apq_sim_cli_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
    out_ = (dir_ / "result.json").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string write(const std::string& name, const std::string& text) {
    const std::string path = (dir_ / name).string();
    std::ofstream(path) << text;
    return path;
  }

  // Runs, expects exit 2, every part in the message and no output file.
  void expect_rejected(const std::string& arguments, std::initializer_list<const char*> parts) {
    SCOPED_TRACE(arguments);
    const CommandRun run = apq(arguments + " --output " + out_);
    EXPECT_EQ(run.exit_code, 2) << run.output;
    for (const char* part : parts)
      EXPECT_NE(run.output.find(part), std::string::npos) << "'" << part << "' not in: " << run.output;
    EXPECT_FALSE(fs::exists(out_));
  }

  fs::path dir_;
  std::string out_;
};

const std::string kLayer = "sim layer --accel " + kAccel + "bitfusion-eyeriss.json ";

TEST_F(SimCli, LayerRejectsBadShapes) {
  expect_rejected(kLayer + "--layer '(0, 8, 8, 3, 1, 1, 1)' --wbits 8 --abits 8", {"cin = 0"});
  expect_rejected(kLayer + "--layer '(8, 8, -4, 3, 1, 1, 1)' --wbits 8 --abits 8", {"in_size = -4"});
  expect_rejected(kLayer + "--layer '(8, 8, 8, 0, 1, 0, 1)' --wbits 8 --abits 8", {"kernel = 0"});
  expect_rejected(kLayer + "--layer '(8, 8, 2, 5, 1, 1, 1)' --wbits 8 --abits 8",
                  {"kernel = 5", "larger than the padded input"});
  expect_rejected(kLayer + "--layer '(8, 6, 8, 3, 1, 1, 4)' --wbits 8 --abits 8",
                  {"groups = 4", "does not divide"});
  expect_rejected(kLayer + "--layer '(8, 8, 8, 3, 1, 1)' --wbits 8 --abits 8", {"layer key"});
}

TEST_F(SimCli, LayerRejectsBadOptions) {
  expect_rejected(kLayer + "--layer '(8, 8, 8, 3, 1, 1, 1)' --wbits 9 --abits 8", {"--wbits", "9"});
  expect_rejected(kLayer + "--layer '(8, 8, 8, 3, 1, 1, 1)' --wbits 8 --abits 1", {"--abits", "1"});
  expect_rejected(kLayer + "--layer '(8, 8, 8, 3, 1, 1, 1)' --wbits 8 --abits 8 --batch 0",
                  {"--batch", "0"});
  expect_rejected(kLayer + "--layer '(8, 8, 8, 3, 1, 1, 1)' --wbits 8 --abits 8 --mode fast",
                  {"--mode", "fast"});
  expect_rejected("sim layer --layer '(8, 8, 8, 3, 1, 1, 1)' --wbits 8 --abits 8", {"accel"});
}

TEST_F(SimCli, LayerRejectsBadConfigurations) {
  const std::string layer = "--layer '(8, 8, 8, 3, 1, 1, 1)' --wbits 8 --abits 8";
  std::ifstream preset(kAccel + "bitfusion-eyeriss.json");
  std::stringstream text;
  text << preset.rdbuf();
  std::string unknown = text.str();
  unknown.insert(unknown.find("\"rows\""), "\"pipeline\": {\"value\": 2, \"source\": \"x\"}, ");
  expect_rejected("sim layer --accel " + write("unknown.json", unknown) + " " + layer,
                  {"unknown key", "array.pipeline"});
  expect_rejected("sim layer --accel " + write("broken.json", "{\"name\": ") + " " + layer,
                  {"broken.json", "not valid JSON"});
  expect_rejected("sim layer --accel " + (dir_ / "missing.json").string() + " " + layer,
                  {"missing.json"});
}

TEST_F(SimCli, NetRejectsBadNetworkFiles) {
  const std::string accel = "sim net --accel " + kAccel + "bitfusion-eyeriss.json --net ";
  expect_rejected(accel + write("a.json", "{\"layers\": [{\"cin\": 8, \"cout\": 8, \"in_size\": 8, "
                                          "\"kernel\": 3, \"groups\": 3, \"wbits\": 8, \"abits\": 8}]}"),
                  {"layers[0]", "groups = 3"});
  expect_rejected(accel + write("b.json", "{\"layers\": [{\"cin\": 8, \"cout\": 8, \"in_size\": 8, "
                                          "\"kernel\": 3, \"wbits\": 16, \"abits\": 8}]}"),
                  {"layers[0]", "wbits = 16"});
  expect_rejected(accel + write("c.json", "{\"layers\": [{\"cin\": 8, \"cout\": 8, \"in_size\": 8, "
                                          "\"kernel\": 1, \"wbits\": 8, \"abits\": 8, \"bias\": true}]}"),
                  {"unknown key", "layers[0].bias"});
  expect_rejected(accel + write("d.json", "{\"layers\": [}"), {"d.json", "not valid JSON"});
  // Co-simulation needs a Verilated shape: 8x16 is not one.
  expect_rejected("sim net --accel " + kAccel + "bitfusion-8x16.json --net " +
                      write("e.json", "{\"layers\": [{\"cin\": 8, \"cout\": 8, \"in_size\": 8, "
                                      "\"kernel\": 1, \"wbits\": 8, \"abits\": 8}]}") +
                      " --rtl",
                  {"no Verilated fusion array of shape 8x16", "4x8"});
}

TEST_F(SimCli, LayerWritesItsResult) {
  const CommandRun run = apq(kLayer + "--layer '(24, 144, 56, 1, 1, 0, 1)' --wbits 4 --abits 6 --json --output " + out_);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  std::ifstream file(out_);
  const nlohmann::json result = nlohmann::json::parse(file);
  EXPECT_EQ(result["accelerator"], "bitfusion-eyeriss");
  EXPECT_EQ(result["mode"], "cycle");
  EXPECT_EQ(result["cycles"]["total"].get<std::int64_t>(),
            result["cycles"]["compute"].get<std::int64_t>() + result["cycles"]["stall"].get<std::int64_t>());
  EXPECT_GT(result["energy_breakdown_mj"]["leakage"].get<double>(), 0.0);
  EXPECT_EQ(result["schedule"]["loop_order"].size(), 5u);

  const CommandRun table = apq(kLayer + "--layer '(24, 144, 56, 1, 1, 0, 1)' --wbits 4 --abits 6 --mode reference");
  ASSERT_EQ(table.exit_code, 0) << table.output;
  EXPECT_NE(table.output.find("mode                reference"), std::string::npos) << table.output;
}

TEST_F(SimCli, NetCosimulatesWithTheRtl) {
  const CommandRun run = apq("sim net --accel " + kAccel + "bitfusion-4x8-test.json --net " + kNets +
                      "tiny-mixed.json --rtl --json --output " + out_);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  std::ifstream file(out_);
  const nlohmann::json report = nlohmann::json::parse(file);
  EXPECT_EQ(report["pass"], true);
  EXPECT_EQ(report["array"], "4x8");
  EXPECT_EQ(report["layers"].size(), report["result"]["layers"].size());
}

nlohmann::json read_json(const std::string& path) {
  std::ifstream file(path);
  return nlohmann::json::parse(file);
}

// A spec as APQ's converter writes it (the last depth 2, ratios like 5.666666666666667, "wid")
// is read with a warning for the single-block stage, and the arch file written for it carries
// the same choices, which read back give the same network.
TEST_F(SimCli, ExportNetWritesApqsArchFile) {
  const std::string spec_path = std::string(APQ_TEST_DATA_DIR) + "/apq_converter_spec.json";
  const std::string arch_path = (dir_ / "arch").string();
  const CommandRun run = apq("sim export-net --space " + kSpaces + "apq-imagenet224.json --config " + spec_path +
                             " --apq-arch " + arch_path + " --output " + out_);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("warning: " + spec_path + ": d[5] = 2: stage 5 has 1 block, read as depth 1"),
            std::string::npos)
      << run.output;

  const nlohmann::json spec = read_json(spec_path);
  const nlohmann::json arch = read_json(arch_path);
  ASSERT_TRUE(arch.is_array() && arch.size() == 2) << arch.dump();
  nlohmann::json expected_d = spec["d"];
  expected_d[5] = 1;
  EXPECT_EQ(arch[0]["d"], expected_d);
  EXPECT_EQ(arch[0]["wid"], nullptr);
  EXPECT_EQ(arch[0]["ks"], spec["ks"]);
  EXPECT_EQ(arch[0]["e"], spec["e"]);  // bit for bit: both are mid / cin in double
  for (const char* key : {"pw_w_bits_setting", "pw_a_bits_setting", "dw_w_bits_setting", "dw_a_bits_setting"})
    EXPECT_EQ(arch[1][key], spec[key]) << key;

  nlohmann::json merged = arch[0];
  merged.update(arch[1]);
  const std::string again = (dir_ / "again.json").string();
  const CommandRun rerun = apq("sim export-net --space " + kSpaces + "apq-imagenet224.json --config " +
                               write("merged.json", merged.dump()) + " --output " + again);
  ASSERT_EQ(rerun.exit_code, 0) << rerun.output;
  EXPECT_EQ(rerun.output.find("warning"), std::string::npos) << rerun.output;
  nlohmann::json first = read_json(out_);
  nlohmann::json second = read_json(again);
  first.erase("name");
  second.erase("name");
  EXPECT_EQ(first, second);
}

TEST_F(SimCli, ExportNetRefusesAnApqArchOfAnotherSpace) {
  const std::string arch_path = (dir_ / "arch").string();
  expect_rejected("sim export-net --space " + kSpaces + "fmnist.json --largest --apq-arch " + arch_path,
                  {"space 'fmnist'", "apq_compatible"});
  EXPECT_FALSE(fs::exists(arch_path));
}

}  // namespace
