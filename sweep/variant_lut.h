#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "sweep/hardware_tables.h"
#include "sweep/sweep_config.h"

namespace apq::sweep {

// What preparing a variant needs: the sweep, the tables, the base accelerator, where to write,
// the apq executable that builds the LUT and its worker count.
struct VariantContext {
  const SweepConfig& config;
  const HardwareTables& tables;
  const nlohmann::ordered_json& base;
  std::string out_dir;
  std::string apq;
  int jobs = 1;
  bool reuse_lut = false;  // a LUT already in the variant's folder is used, not built again
};

// Variant `index` of the sweep made runnable in OUT/variants/NAME/: its accelerator file and its
// LUT (`apq lut build`, log beside it). `result` gets the index, name, parameters and area; a
// variant the tables cannot describe, over the area budget, or refused by the LUT build (buffers
// too small for a tile) gets status "skipped" and the reason, with a warning on stderr. Returns
// the LUT's path, empty when skipped; with reuse_lut an existing LUT is kept ("lut_reused").
// Throws std::runtime_error when the build fails otherwise.
std::string prepare_variant_lut(const VariantContext& ctx, std::size_t index, nlohmann::ordered_json& result);

// The last non-empty line of a command's log: the reason it gave for refusing its input.
std::string last_log_line(const std::string& path);

}  // namespace apq::sweep
