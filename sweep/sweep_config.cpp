#include "sweep/sweep_config.h"

#include <cmath>
#include <filesystem>
#include <functional>

#include "common/json_fields.h"
#include "search/evolution/strategy.h"
#include "sim/accel_config.h"

namespace apq::sweep {
namespace {

namespace fs = std::filesystem;
using namespace json_fields;

constexpr const char* kParams[] = {"rows", "cols", "wbuf_kib", "ibuf_kib", "obuf_kib", "interface_bits", "clock_mhz"};

double positive_number(const nlohmann::json& value, const std::string& where, bool integer) {
  const double x = integer ? read_int(value, where) : read_number(value, where);
  if (!std::isfinite(x) || x <= 0) fail_value(where, value, "must be positive");
  return x;
}

void set_param(VariantParams& p, const std::string& key, const nlohmann::json& value, const std::string& where) {
  const bool integer = key == "rows" || key == "cols" || key == "interface_bits";
  const double x = positive_number(value, where, integer);
  if (key == "rows") p.rows = static_cast<int>(x);
  if (key == "cols") p.cols = static_cast<int>(x);
  if (key == "wbuf_kib") p.wbuf_kib = x;
  if (key == "ibuf_kib") p.ibuf_kib = x;
  if (key == "obuf_kib") p.obuf_kib = x;
  if (key == "interface_bits") p.interface_bits = static_cast<int>(x);
  if (key == "clock_mhz") p.clock_mhz = x;
}

VariantParams base_params(const std::string& path) {
  const sim::AccelConfig a = sim::load_accel_config(path);
  return {a.rows,
          a.cols,
          a.wbuf.size_bytes / 1024.0,
          a.ibuf.size_bytes / 1024.0,
          a.obuf.size_bytes / 1024.0,
          static_cast<int>(a.interface_bits_per_cycle),
          a.clock_mhz};
}

std::vector<VariantParams> expand_grid(const nlohmann::json& grid, const std::string& where,
                                       const VariantParams& base) {
  require_object(grid, where);
  reject_unknown_keys(grid, {"rows", "cols", "wbuf_kib", "ibuf_kib", "obuf_kib", "interface_bits", "clock_mhz"}, where);
  if (grid.empty()) fail_value(where, grid, "an empty grid: list the values of at least one parameter");
  std::vector<VariantParams> variants{base};
  for (const char* key : kParams) {
    if (!grid.contains(key)) continue;
    const std::string field = child_field(where, key);
    const nlohmann::json& values = grid.at(key);
    if (!values.is_array() || values.empty()) fail_value(field, values, "expected a non-empty list of values");
    std::vector<VariantParams> next;
    for (const VariantParams& v : variants)
      for (std::size_t i = 0; i < values.size(); ++i) {
        VariantParams w = v;
        set_param(w, key, values[i], element_field(field, i));
        next.push_back(w);
      }
    variants = std::move(next);
  }
  return variants;
}

std::vector<VariantParams> variant_list(const nlohmann::json& list, const std::string& where,
                                        const VariantParams& base) {
  if (!list.is_array() || list.empty()) fail_value(where, list, "expected a non-empty list of variants");
  std::vector<VariantParams> variants;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string field = element_field(where, i);
    require_object(list[i], field);
    reject_unknown_keys(list[i], {"rows", "cols", "wbuf_kib", "ibuf_kib", "obuf_kib", "interface_bits", "clock_mhz"},
                        field);
    VariantParams v = base;
    for (const auto& [key, value] : list[i].items()) set_param(v, key, value, child_field(field, key));
    variants.push_back(v);
  }
  return variants;
}

}  // namespace

std::string default_tables_dir() { return APQ_DEFAULT_HARDWARE_TABLES; }

SweepConfig load_sweep_config(const std::string& path) {
  const nlohmann::json doc = read_json_file(path);
  const std::string where = top_field(path);
  require_object(doc, where);
  reject_unknown_keys(doc,
                      {"base", "space", "predictor", "tables", "strategy", "latency_ms", "area_budget_mm2", "seed",
                       "population", "generations", "verify", "grid", "variants"},
                      where);
  for (const char* key : {"base", "space", "predictor", "latency_ms"}) require_key(doc, key, where);
  const std::string folder = fs::absolute(path).parent_path().string();
  SweepConfig c;
  c.base = require_existing_path(doc, "base", where, folder);
  c.space = require_existing_path(doc, "space", where, folder);
  c.predictor = require_existing_path(doc, "predictor", where, folder);
  c.tables = doc.contains("tables") ? require_existing_path(doc, "tables", where, folder, true) : default_tables_dir();
  if (doc.contains("strategy")) {
    const std::string field = child_field(where, "strategy");
    const std::string text = read_string(doc.at("strategy"), field);
    try {
      c.strategy = search::strategy_text(search::parse_strategy(text));
    } catch (const std::exception&) {
      fail_value(field, text, "expected joint or fixed-bits:B");
    }
    if (c.strategy == "sequential") fail_value(field, text, "a sweep runs joint or fixed-bits:B searches");
  }
  const std::string bounds_field = child_field(where, "latency_ms");
  const nlohmann::json& bounds = doc.at("latency_ms");
  if (!bounds.is_array() || bounds.empty())
    fail_value(bounds_field, bounds, "expected a non-empty list of bounds (ms)");
  for (std::size_t i = 0; i < bounds.size(); ++i)
    c.latency_ms.push_back(positive_number(bounds[i], element_field(bounds_field, i), false));
  if (doc.contains("area_budget_mm2"))
    c.area_budget_mm2 = positive_number(doc.at("area_budget_mm2"), child_field(where, "area_budget_mm2"), false);
  const auto bounded = [&](const char* key, int low, int high) {
    return read_int_in(doc.at(key), child_field(where, key), low, high);
  };
  if (doc.contains("seed")) c.seed = static_cast<std::uint64_t>(bounded("seed", 0, 2147483647));
  if (doc.contains("population")) c.population = bounded("population", 2, 100000);
  if (doc.contains("generations")) c.generations = bounded("generations", 0, 1000000);
  if (doc.contains("verify")) c.verify = bounded("verify", 1, 1000);
  if (doc.contains("grid") == doc.contains("variants"))
    fail_field(where, "give exactly one of \"grid\" (lists of values, every combination) and \"variants\" (a list)");
  const VariantParams base = base_params(c.base);
  c.variants = doc.contains("grid") ? expand_grid(doc.at("grid"), child_field(where, "grid"), base)
                                    : variant_list(doc.at("variants"), child_field(where, "variants"), base);
  for (std::size_t i = 0; i < c.variants.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (variant_params_json(c.variants[i]) == variant_params_json(c.variants[j]))
        fail_value(child_field(where, "variants") + " " + std::to_string(i + 1), variant_params_json(c.variants[i]),
                   "the same variant as number " + std::to_string(j + 1));
  return c;
}

nlohmann::ordered_json variant_params_json(const VariantParams& p) {
  nlohmann::ordered_json out;
  out["rows"] = p.rows;
  out["cols"] = p.cols;
  out["wbuf_kib"] = p.wbuf_kib;
  out["ibuf_kib"] = p.ibuf_kib;
  out["obuf_kib"] = p.obuf_kib;
  out["interface_bits"] = p.interface_bits;
  out["clock_mhz"] = p.clock_mhz;
  return out;
}

nlohmann::ordered_json sweep_config_json(const SweepConfig& c) {
  nlohmann::ordered_json out;
  out["base"] = c.base;
  out["space"] = c.space;
  out["predictor"] = c.predictor;
  out["tables"] = c.tables;
  out["strategy"] = c.strategy;
  out["latency_ms"] = c.latency_ms;
  if (c.area_budget_mm2) out["area_budget_mm2"] = *c.area_budget_mm2;
  out["seed"] = c.seed;
  out["population"] = c.population;
  out["generations"] = c.generations;
  out["verify"] = c.verify;
  out["variants"] = nlohmann::ordered_json::array();
  for (const VariantParams& v : c.variants) out["variants"].push_back(variant_params_json(v));
  return out;
}

}  // namespace apq::sweep
