#include "sweep/hardware_tables.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "common/csv_file.h"
#include "common/errors.h"

namespace apq::sweep {
namespace {

// A numeric cell; empty cells (CACTI runs that failed) are NaN.
double cell(const CsvRow& row, const std::string& column, const std::string& path) {
  const auto it = row.find(column);
  if (it == row.end()) throw InputError(path + ": no column '" + column + "'");
  if (it->second.empty()) return std::nan("");
  try {
    return std::stod(it->second);
  } catch (const std::exception&) {
    throw InputError(path + ": column '" + column + "' = '" + it->second + "': not a number");
  }
}

}  // namespace

HardwareTables load_hardware_tables(const std::string& folder) {
  HardwareTables tables;
  tables.cacti_file = folder + "/cacti_sweep_extended.csv";
  tables.synth_file = folder + "/systolic_array_synth.csv";
  for (const CsvRow& row : read_csv_rows(tables.cacti_file, "the hardware table")) {
    CactiRow r;
    r.bytes = static_cast<int>(cell(row, "size (bytes)", tables.cacti_file));
    r.word_bits = static_cast<int>(cell(row, "output/input bus width", tables.cacti_file));
    r.read_write_port = cell(row, "read-write port", tables.cacti_file) > 0;
    r.read_nj = cell(row, "read_energy_nJ", tables.cacti_file);
    r.write_nj = cell(row, "write_energy_nJ", tables.cacti_file);
    r.leakage_mw = cell(row, "leak_power_mW", tables.cacti_file);
    r.area_mm2 = cell(row, "area_mm^2", tables.cacti_file);
    if (std::isnan(r.read_nj) || std::isnan(r.write_nj) || std::isnan(r.leakage_mw) || std::isnan(r.area_mm2)) continue;
    tables.cacti.push_back(r);
  }
  for (const CsvRow& row : read_csv_rows(tables.synth_file, "the hardware table")) {
    SynthRow r;
    r.rows = static_cast<int>(cell(row, "N", tables.synth_file));
    r.cols = static_cast<int>(cell(row, "M", tables.synth_file));
    r.max_bits = static_cast<int>(cell(row, "Max Precision (bits)", tables.synth_file));
    r.min_bits = static_cast<int>(cell(row, "Min Precision (bits)", tables.synth_file));
    r.frequency_hz = cell(row, "Frequency", tables.synth_file);
    r.area_um2 = cell(row, "Area (um^2)", tables.synth_file);
    r.leakage_nw = cell(row, "Leakage Power (nW)", tables.synth_file);
    r.dynamic_nw = cell(row, "Dynamic Power (nW)", tables.synth_file);
    tables.synth.push_back(r);
  }
  return tables;
}

const CactiRow& cacti_bank(const HardwareTables& tables, int bytes, bool read_write_port) {
  std::set<int> sizes;
  for (const CactiRow& r : tables.cacti) {
    if (r.word_bits != 32 || r.read_write_port != read_write_port) continue;
    if (r.bytes == bytes) return r;
    sizes.insert(r.bytes);
  }
  std::string list;
  for (const int s : sizes) list += (list.empty() ? "" : ", ") + std::to_string(s);
  throw InputError(tables.cacti_file + ": no CACTI run of a " + std::to_string(bytes) +
                   "-byte bank of 32-bit words with " +
                   (read_write_port ? "one read-write port" : "one read and one write port") + " (banks of " + list +
                   " bytes are there)");
}

ScaledSynth synth_array(const HardwareTables& tables, int rows, int cols) {
  const auto find = [&](int n, int m) -> const SynthRow* {
    for (const SynthRow& r : tables.synth)
      if (r.rows == n && r.cols == m && r.max_bits == 8 && r.min_bits == 2) return &r;
    return nullptr;
  };
  if (const SynthRow* exact = find(rows, cols)) return {exact, 1.0};
  const SynthRow* four = find(4, 4);
  if (!four) throw InputError(tables.synth_file + ": no 4x4 array row (8-bit max, 2-bit min precision) to scale from");
  return {four, rows * cols / 16.0};
}

}  // namespace apq::sweep
