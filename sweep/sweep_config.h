#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace apq::sweep {

// The parameters an architect varies. Each variant sets all of them (the base accelerator's
// value where the sweep file does not say).
struct VariantParams {
  int rows = 0;
  int cols = 0;
  double wbuf_kib = 0.0;
  double ibuf_kib = 0.0;
  double obuf_kib = 0.0;
  int interface_bits = 0;
  double clock_mhz = 0.0;
};

// What `apq sweep` runs (file format in sweep/README.md). Paths absolute once loaded.
struct SweepConfig {
  std::string base;  // accelerator configuration the variants start from
  std::string space;
  std::string predictor;  // quantization-aware accuracy predictor
  std::string tables;     // folder of the synthesis and CACTI tables
  std::string strategy = "joint";
  std::vector<double> latency_ms;         // the searches' latency bounds
  std::optional<double> area_budget_mm2;  // variants above it are skipped
  std::uint64_t seed = 1;
  int population = 100;
  int generations = 100;
  int verify = 2;
  std::vector<VariantParams> variants;  // the grid expanded, or the list, in file order
};

// The shipped tables (data/bitfusion of the source tree).
std::string default_tables_dir();

// Strict: an unknown key, an empty grid list, a missing file, a value out of range throws
// apq::InputError naming the file, the field and the value. Relative paths are taken from the
// file's folder. Grid order: rows, cols, wbuf_kib, ibuf_kib, obuf_kib, interface_bits,
// clock_mhz, the last varying fastest.
SweepConfig load_sweep_config(const std::string& path);

nlohmann::ordered_json sweep_config_json(const SweepConfig& config);
nlohmann::ordered_json variant_params_json(const VariantParams& params);

}  // namespace apq::sweep
