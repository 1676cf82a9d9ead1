#pragma once
#include <cstdint>
#include <map>
#include <string>

namespace apq::sim {

// One on-chip buffer: its capacity, how it is banked, and the energy of moving one bit through
// it (CACTI per-access energy of one bank divided by the bank's word width).
struct BufferConfig {
  std::int64_t size_bytes = 0;
  std::int64_t banks = 0;
  double read_energy_pj_per_bit = 0.0;
  double write_energy_pj_per_bit = 0.0;
  double leakage_mw = 0.0;  // all banks together; only the cycle-level mode charges leakage
};

// A BitFusion accelerator: a rows x cols systolic array of fusion units, three buffers and an
// off-chip interface. Loaded from configs/accel/*.json (schema in configs/accel/README.md).
struct AccelConfig {
  std::string name;
  std::string description;

  int rows = 0;  // input channels (packed by precision) are spread over the rows
  int cols = 0;  // output channels over the columns
  int bitbricks_per_unit = 0;
  int min_precision_bits = 0;
  int max_precision_bits = 0;
  double clock_mhz = 0.0;

  BufferConfig wbuf;  // weights, one private bank per unit
  BufferConfig ibuf;  // input activations, one bank per row
  BufferConfig obuf;  // 32-bit partial sums, one bank per column

  std::int64_t interface_bits_per_cycle = 0;  // off-chip bits moved per accelerator cycle
  std::int64_t dram_latency_cycles = 0;       // not used by the reference model
  double dram_energy_pj_per_bit = 0.0;

  double core_dynamic_energy_nj_per_cycle = 0.0;  // whole array, per active cycle
  double core_leakage_mw = 0.0;                   // only the cycle-level mode charges leakage

  // Where each constant comes from, keyed by its dotted path in the file ("buffers.wbuf.banks").
  std::map<std::string, std::string> sources;
};

// Reads and checks a configuration file. Throws apq::InputError naming the file, the field and
// the value for malformed JSON, unknown or missing keys, wrong types and values out of range.
AccelConfig load_accel_config(const std::string& path);

// The same from JSON text; `origin` names the text in error messages.
AccelConfig parse_accel_config(const std::string& json_text, const std::string& origin);

}  // namespace apq::sim
