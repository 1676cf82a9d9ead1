#pragma once
#include <string>
#include <vector>

// The measured hardware numbers a generated accelerator variant takes its energies and area
// from: CACTI 45 nm runs of SRAM banks and the BitFusion authors' synthesis of fusion-unit arrays.
namespace apq::sweep {

struct CactiRow {
  int bytes = 0;
  int word_bits = 0;
  bool read_write_port = false;             // one read-write port; otherwise one read and one write port
  double read_nj = 0.0, write_nj = 0.0;     // per access
  double leakage_mw = 0.0, area_mm2 = 0.0;  // one bank
};

struct SynthRow {
  int rows = 0, cols = 0, max_bits = 0, min_bits = 0;
  double frequency_hz = 0.0;
  double area_um2 = 0.0, leakage_nw = 0.0, dynamic_nw = 0.0;
};

struct HardwareTables {
  std::string cacti_file, synth_file;
  std::vector<CactiRow> cacti;
  std::vector<SynthRow> synth;
};

// FOLDER/cacti_sweep_extended.csv and FOLDER/systolic_array_synth.csv; a missing file or column
// is an apq::InputError naming it.
HardwareTables load_hardware_tables(const std::string& folder);

// The 32-bit-word bank of exactly `bytes`; an apq::InputError listing the sizes there are when
// the table has none.
const CactiRow& cacti_bank(const HardwareTables& tables, int bytes, bool read_write_port);

// The array's synthesis row (8-bit maximum, 2-bit minimum precision) and the factor its numbers
// are multiplied by: the exact rows x cols row when there is one, else the 4x4 row scaled by
// rows*cols/16 fusion units.
struct ScaledSynth {
  const SynthRow* row = nullptr;
  double scale = 1.0;
};
ScaledSynth synth_array(const HardwareTables& tables, int rows, int cols);

}  // namespace apq::sweep
