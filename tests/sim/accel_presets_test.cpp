// The preset constants, recomputed from the synthesis and CACTI tables they cite: a typo in a
// preset fails here.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sim/accel_config.h"
#include "common/csv_file.h"
#include "tests/sim/sim_test_support.h"

namespace apq::sim {
namespace {


const std::string kData = APQ_BITFUSION_DATA_DIR;

const std::vector<std::string> kPresetNames = {"bitfusion-eyeriss", "bitfusion-stripes",
                                               "bitfusion-8x8", "bitfusion-8x16",
                                               "bitfusion-32x32", "bitfusion-4x8-test"};

using testing::preset;

// Dynamic energy per cycle (nJ) and leakage (mW) of a rows x cols array with pmax 8, pmin 2:
// its synthesis row, else the 4x4 row scaled by the number of units.
struct CoreFigures {
  double dynamic_nj_per_cycle = 0.0;
  double leakage_mw = 0.0;
};

CoreFigures core_figures(int rows, int cols) {
  const std::vector<CsvRow> synth = read_csv_rows(kData + "/systolic_array_synth.csv", "the synthesis table");
  auto find = [&](int n, int m) -> const CsvRow* {
    for (const CsvRow& row : synth)
      if (std::stoi(row.at("N")) == n && std::stoi(row.at("M")) == m &&
          row.at("Max Precision (bits)") == "8" && row.at("Min Precision (bits)") == "2")
        return &row;
    return nullptr;
  };
  const CsvRow* row = find(rows, cols);
  double scale = 1.0;
  if (row == nullptr) {
    row = find(4, 4);
    scale = rows * cols / 16.0;
  }
  EXPECT_NE(row, nullptr);
  CoreFigures figures;
  const double frequency = std::stod(row->at("Frequency"));
  figures.dynamic_nj_per_cycle = std::stod(row->at("Dynamic Power (nW)")) / frequency * scale;
  figures.leakage_mw = std::stod(row->at("Leakage Power (nW)")) * 1e-6 * scale;
  return figures;
}

// CACTI's 32-bit-word bank of this size and port kind, from the main sweep, else the extended one.
CsvRow cacti_bank(double size_bytes, bool read_write_port) {
  for (const char* file : {"/cacti_sweep.csv", "/cacti_sweep_extended.csv"}) {
    for (const CsvRow& row : read_csv_rows(kData + file, "the CACTI table")) {
      if (row.at("size (bytes)").empty() || row.at("read_energy_nJ").empty()) continue;
      if (std::stod(row.at("size (bytes)")) == size_bytes &&
          std::stod(row.at("block size (bytes)")) == 4.0 &&
          std::stoi(row.at("read-write port")) == (read_write_port ? 1 : 0))
        return row;
    }
  }
  ADD_FAILURE() << "no CACTI bank of " << size_bytes << " bytes";
  return {};
}

void expect_buffer_from_cacti(const BufferConfig& buffer, bool read_write_port,
                              const std::string& what) {
  SCOPED_TRACE(what);
  const CsvRow bank =
      cacti_bank(static_cast<double>(buffer.size_bytes / buffer.banks), read_write_port);
  if (bank.empty()) return;
  EXPECT_NEAR(buffer.read_energy_pj_per_bit, std::stod(bank.at("read_energy_nJ")) * 1000 / 32,
              1e-12);
  EXPECT_NEAR(buffer.write_energy_pj_per_bit, std::stod(bank.at("write_energy_nJ")) * 1000 / 32,
              1e-12);
  EXPECT_NEAR(buffer.leakage_mw, std::stod(bank.at("leak_power_mW")) * buffer.banks, 1e-9);
}

TEST(AccelPresets, ConstantsRecomputeFromTheTablesTheyCite) {
  for (const std::string& name : kPresetNames) {
    SCOPED_TRACE(name);
    const AccelConfig config = preset(name);
    EXPECT_EQ(config.name, name);
    const CoreFigures core = core_figures(config.rows, config.cols);
    EXPECT_NEAR(config.core_dynamic_energy_nj_per_cycle, core.dynamic_nj_per_cycle, 1e-12);
    EXPECT_NEAR(config.core_leakage_mw, core.leakage_mw, 1e-9);
    // One private WBUF bank per unit, one IBUF bank per row, one OBUF bank per column.
    EXPECT_EQ(config.wbuf.banks, config.rows * config.cols);
    EXPECT_EQ(config.ibuf.banks, config.rows);
    EXPECT_EQ(config.obuf.banks, config.cols);
    expect_buffer_from_cacti(config.wbuf, false, "wbuf");
    expect_buffer_from_cacti(config.ibuf, false, "ibuf");
    expect_buffer_from_cacti(config.obuf, true, "obuf");
    EXPECT_EQ(config.dram_energy_pj_per_bit, 15.0);
  }
}

TEST(AccelPresets, EyerissMatchesTheFiguresQuotedInBitfusionMd) {
  const AccelConfig config = preset("bitfusion-eyeriss");
  EXPECT_EQ(config.rows, 16);
  EXPECT_EQ(config.cols, 32);
  EXPECT_EQ(config.clock_mhz, 500.0);
  EXPECT_EQ(config.interface_bits_per_cycle, 192);
  EXPECT_EQ(config.wbuf.size_bytes, 64 * 1024);
  EXPECT_EQ(config.ibuf.size_bytes, 32 * 1024);
  EXPECT_EQ(config.obuf.size_bytes, 16 * 1024);
  EXPECT_NEAR(config.core_dynamic_energy_nj_per_cycle, 0.235104, 1e-9);
  EXPECT_NEAR(config.wbuf.read_energy_pj_per_bit, 0.021366, 5e-7);
  EXPECT_NEAR(config.wbuf.write_energy_pj_per_bit, 0.028916, 5e-7);
  EXPECT_NEAR(config.ibuf.read_energy_pj_per_bit, 0.059474, 5e-7);
  EXPECT_NEAR(config.ibuf.write_energy_pj_per_bit, 0.113704, 5e-7);
  EXPECT_NEAR(config.obuf.read_energy_pj_per_bit, 0.033155, 5e-7);
  EXPECT_NEAR(config.obuf.write_energy_pj_per_bit, 0.073084, 5e-7);
}

TEST(AccelPresets, EveryConstantHasASource) {
  for (const std::string& name : kPresetNames) {
    SCOPED_TRACE(name);
    const AccelConfig config = preset(name);
    // 6 array constants, 5 per buffer, 3 memory, 2 core.
    EXPECT_EQ(config.sources.size(), 6u + 3 * 5 + 3 + 2);
    for (const auto& [field, source] : config.sources) EXPECT_FALSE(source.empty()) << field;
  }
}

}  // namespace
}  // namespace apq::sim
