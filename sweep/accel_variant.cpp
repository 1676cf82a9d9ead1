#include "sweep/accel_variant.h"

#include <cmath>
#include <cstdio>
#include <filesystem>

#include "common/errors.h"
#include "common/number_text.h"

namespace apq::sweep {
namespace {

// Ten digits: constants derived from table values read back exactly.
std::string number10(double value) { return number_text(value, 10); }

nlohmann::ordered_json constant(double value, const std::string& source) {
  nlohmann::ordered_json c;
  if (value == std::floor(value) && std::abs(value) < 9e15)
    c["value"] = static_cast<long long>(value);
  else
    c["value"] = value;
  c["source"] = source;
  return c;
}

std::string file_name(const std::string& path) { return std::filesystem::path(path).filename().string(); }

// One buffer: its size, its banks, and the energies of its bank size from CACTI.
double set_buffer(nlohmann::ordered_json& buffer, const std::string& name, double kib, int banks, bool read_write_port,
                  const HardwareTables& tables, const std::string& banks_rule, nlohmann::ordered_json& area_sources) {
  const double bytes = kib * 1024.0;
  if (bytes != std::floor(bytes) || std::fmod(bytes, banks) != 0.0)
    throw InputError(name + " of " + number10(kib) + " KiB does not split into " + std::to_string(banks) +
                     " whole banks (" + banks_rule + ")");
  const int bank_bytes = static_cast<int>(bytes / banks);
  const CactiRow& row = cacti_bank(tables, bank_bytes, read_write_port);
  const std::string cacti = "CACTI 45 nm (" + file_name(tables.cacti_file) + "), " + std::to_string(bank_bytes) +
                            "-byte bank of 32-bit words, " +
                            (read_write_port ? "1 read-write port" : "1 read and 1 write port");
  buffer["size_bytes"] = constant(bytes, "sweep variant");
  buffer["banks"] = constant(banks, "BitFusion: " + banks_rule);
  buffer["read_energy_pj_per_bit"] =
      constant(row.read_nj * 1000.0 / 32.0, cacti + ": " + number10(row.read_nj) + " nJ per read access / 32 bits");
  buffer["write_energy_pj_per_bit"] =
      constant(row.write_nj * 1000.0 / 32.0, cacti + ": " + number10(row.write_nj) + " nJ per write access / 32 bits");
  buffer["leakage_mw"] =
      constant(row.leakage_mw * banks,
               cacti + ": " + number10(row.leakage_mw) + " mW leakage per bank x " + std::to_string(banks) + " banks");
  area_sources[name] = cacti + ": " + number10(row.area_mm2) + " mm² per bank x " + std::to_string(banks) + " banks";
  return row.area_mm2 * banks;
}

}  // namespace

std::string variant_name(const std::string& base_name, const VariantParams& p) {
  return base_name + "-" + std::to_string(p.rows) + "x" + std::to_string(p.cols) + "-w" + number10(p.wbuf_kib) + "-i" +
         number10(p.ibuf_kib) + "-o" + number10(p.obuf_kib) + "-if" + std::to_string(p.interface_bits) + "-" +
         number10(p.clock_mhz) + "mhz";
}

AcceleratorVariant make_variant(const nlohmann::ordered_json& base_accel, const std::string& base_path,
                                const VariantParams& p, const HardwareTables& tables) {
  AcceleratorVariant v;
  v.params = p;
  v.name = variant_name(base_accel.at("name").get<std::string>(), p);
  v.accel = base_accel;
  v.accel["name"] = v.name;
  v.accel["description"] = "Sweep variant of " + file_name(base_path) + ": " + std::to_string(p.rows) + " x " +
                           std::to_string(p.cols) + " fusion units, " + number10(p.clock_mhz) +
                           " MHz, WBUF / IBUF / OBUF " + number10(p.wbuf_kib) + " / " + number10(p.ibuf_kib) + " / " +
                           number10(p.obuf_kib) + " KiB, " + std::to_string(p.interface_bits) + "-bit interface.";
  nlohmann::ordered_json& array = v.accel["array"];
  array["rows"] = constant(p.rows, "sweep variant");
  array["cols"] = constant(p.cols, "sweep variant");
  array["clock_mhz"] = constant(p.clock_mhz, "sweep variant");
  v.accel["memory"]["interface_bits_per_cycle"] = constant(p.interface_bits, "sweep variant");

  nlohmann::ordered_json& buffers = v.accel["buffers"];
  v.area.wbuf = set_buffer(buffers["wbuf"], "wbuf", p.wbuf_kib, p.rows * p.cols, false, tables,
                           "one private bank per fusion unit (rows x cols)", v.area.sources);
  v.area.ibuf =
      set_buffer(buffers["ibuf"], "ibuf", p.ibuf_kib, p.rows, false, tables, "one bank per array row", v.area.sources);
  v.area.obuf = set_buffer(buffers["obuf"], "obuf", p.obuf_kib, p.cols, true, tables, "one bank per array column",
                           v.area.sources);

  const ScaledSynth synth = synth_array(tables, p.rows, p.cols);
  const SynthRow& r = *synth.row;
  const std::string row_text =
      file_name(tables.synth_file) + " N=" + std::to_string(r.rows) + " M=" + std::to_string(r.cols) + " pmax 8 pmin 2";
  const std::string scaling =
      synth.scale == 1.0 ? "" : " x " + std::to_string(p.rows) + "*" + std::to_string(p.cols) + "/16 units";
  nlohmann::ordered_json& core = v.accel["core"];
  core["dynamic_energy_nj_per_cycle"] =
      constant(r.dynamic_nw / r.frequency_hz * synth.scale,
               row_text + ": dynamic power " + number10(r.dynamic_nw) + " nW / " + number10(r.frequency_hz / 1e6) +
                   " MHz synthesis clock" + scaling + "; energy per active cycle, independent of the run clock");
  core["leakage_mw"] =
      constant(r.leakage_nw * 1e-6 * synth.scale, row_text + ": leakage " + number10(r.leakage_nw) + " nW" + scaling);
  v.area.core = r.area_um2 * 1e-6 * synth.scale;
  v.area.sources["core"] = row_text + ": " + number10(r.area_um2) + " um²" + scaling;
  return v;
}

}  // namespace apq::sweep
