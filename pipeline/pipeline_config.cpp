#include "pipeline/pipeline_config.h"

#include <cmath>
#include <filesystem>

#include "common/json_fields.h"
#include "search/evolution/strategy.h"

namespace apq::pipeline {
namespace {

namespace fs = std::filesystem;
using namespace json_fields;

std::vector<double> number_list(const nlohmann::json& value, const std::string& where, double low, double high,
                                bool open_low) {
  if (!value.is_array()) fail_value(where, value, "expected a list of numbers");
  std::vector<double> out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const std::string field = element_field(where, i);
    const double x = read_number(value[i], field);
    if (!std::isfinite(x) || x > high || x < low || (open_low && x == low))
      fail_value(field, value[i],
                 std::string("must be in ") + (open_low ? "(" : "[") + nlohmann::json(low).dump() + ", " +
                     nlohmann::json(high).dump() + "]");
    out.push_back(x);
  }
  return out;
}

}  // namespace

std::string default_pipeline_config_path() { return APQ_DEFAULT_PIPELINE_CONFIG; }

PipelineConfig load_pipeline_config(const std::string& path) {
  const nlohmann::json doc = read_json_file(path);
  const std::string where = top_field(path);
  require_object(doc, where);
  reject_unknown_keys(doc,
                      {"space", "accel", "supernet", "predictor", "fp32_predictor", "data_dir", "strategies",
                       "latency_ms", "latency_quantiles", "validate_samples", "seed", "population", "generations",
                       "verify", "finetune_images", "rtl_images"},
                      where);
  for (const char* key : {"space", "accel", "supernet", "predictor", "strategies"}) require_key(doc, key, where);
  const std::string base = fs::absolute(path).parent_path().string();
  PipelineConfig c;
  c.space = require_existing_path(doc, "space", where, base);
  c.accel = require_existing_path(doc, "accel", where, base);
  c.supernet = require_existing_path(doc, "supernet", where, base);
  c.predictor = require_existing_path(doc, "predictor", where, base);
  if (doc.contains("fp32_predictor")) c.fp32_predictor = require_existing_path(doc, "fp32_predictor", where, base);
  c.data_dir = doc.contains("data_dir") ? require_existing_path(doc, "data_dir", where, base, true)
                                        : std::string("/usr/share/datasets/fashion-mnist");

  const std::string strategies_field = child_field(where, "strategies");
  const nlohmann::json& strategies = doc.at("strategies");
  if (!strategies.is_array() || strategies.empty())
    fail_value(strategies_field, strategies,
               "expected a non-empty list of strategies (joint, fixed-bits:B, sequential)");
  for (std::size_t i = 0; i < strategies.size(); ++i) {
    const std::string field = element_field(strategies_field, i);
    const std::string text = read_string(strategies[i], field);
    search::Strategy strategy;
    try {
      strategy = search::parse_strategy(text);
    } catch (const std::exception&) {
      fail_value(field, text, "expected joint, fixed-bits:B or sequential");
    }
    const std::string canonical = search::strategy_text(strategy);
    for (const std::string& seen : c.strategies)
      if (seen == canonical) fail_value(field, text, "listed twice");
    if (strategy.sequential && c.fp32_predictor.empty())
      fail_value(field, text, "the sequential strategy needs \"fp32_predictor\" (an fp32 predictor file)");
    c.strategies.push_back(canonical);
  }

  if (doc.contains("latency_ms"))
    c.latency_ms = number_list(doc.at("latency_ms"), child_field(where, "latency_ms"), 0.0, 1e9, true);
  if (doc.contains("latency_quantiles"))
    c.latency_quantiles =
        number_list(doc.at("latency_quantiles"), child_field(where, "latency_quantiles"), 0.0, 1.0, true);
  if (c.latency_ms.empty() == c.latency_quantiles.empty())
    fail_field(where,
               "give exactly one non-empty list of bounds: \"latency_ms\" (ms) or \"latency_quantiles\" "
               "(quantiles of the LUT latency of the validation's random sub-networks)");
  if (doc.contains("validate_samples"))
    c.validate_samples = read_int_in(doc.at("validate_samples"), child_field(where, "validate_samples"), 2, 100000);
  if (doc.contains("seed"))
    c.seed = static_cast<std::uint64_t>(read_int_in(doc.at("seed"), child_field(where, "seed"), 0, 2147483647));
  if (doc.contains("population"))
    c.population = read_int_in(doc.at("population"), child_field(where, "population"), 2, 100000);
  if (doc.contains("generations"))
    c.generations = read_int_in(doc.at("generations"), child_field(where, "generations"), 0, 1000000);
  if (doc.contains("verify")) c.verify = read_int_in(doc.at("verify"), child_field(where, "verify"), 1, 1000);
  if (doc.contains("finetune_images"))
    c.finetune_images = read_int_in(doc.at("finetune_images"), child_field(where, "finetune_images"), 0, 1 << 24);
  if (doc.contains("rtl_images"))
    c.rtl_images = read_int_in(doc.at("rtl_images"), child_field(where, "rtl_images"), 1, 10000);
  return c;
}

nlohmann::ordered_json pipeline_config_json(const PipelineConfig& c) {
  nlohmann::ordered_json out;
  out["space"] = c.space;
  out["accel"] = c.accel;
  out["supernet"] = c.supernet;
  out["predictor"] = c.predictor;
  if (!c.fp32_predictor.empty()) out["fp32_predictor"] = c.fp32_predictor;
  out["data_dir"] = c.data_dir;
  out["strategies"] = c.strategies;
  if (!c.latency_ms.empty()) out["latency_ms"] = c.latency_ms;
  if (!c.latency_quantiles.empty()) out["latency_quantiles"] = c.latency_quantiles;
  out["validate_samples"] = c.validate_samples;
  out["seed"] = c.seed;
  out["population"] = c.population;
  out["generations"] = c.generations;
  out["verify"] = c.verify;
  out["finetune_images"] = c.finetune_images;
  out["rtl_images"] = c.rtl_images;
  return out;
}

}  // namespace apq::pipeline
