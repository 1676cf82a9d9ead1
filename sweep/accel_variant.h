#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "sweep/hardware_tables.h"
#include "sweep/sweep_config.h"

namespace apq::sweep {

// Area of a variant, mm², by part, each with the table row it came from.
struct VariantArea {
  double core = 0.0, wbuf = 0.0, ibuf = 0.0, obuf = 0.0;
  double total() const { return core + wbuf + ibuf + obuf; }
  nlohmann::ordered_json sources;
};

struct AcceleratorVariant {
  std::string name;
  VariantParams params;
  nlohmann::ordered_json accel;  // an accelerator configuration file (configs/accel/README.md)
  VariantArea area;
};

// The base accelerator with the variant's array, buffers, interface and clock; the banks follow
// BitFusion's organisation (one weight bank per fusion unit, one input bank per row, one output
// bank per column), the buffers' energies and leakage come from the CACTI row of their bank size,
// the core's from the synthesis table; every constant names its source. Throws apq::InputError
// when a buffer does not split into whole banks or the tables have no row for it.
AcceleratorVariant make_variant(const nlohmann::ordered_json& base_accel, const std::string& base_path,
                                const VariantParams& params, const HardwareTables& tables);

std::string variant_name(const std::string& base_name, const VariantParams& params);

}  // namespace apq::sweep
