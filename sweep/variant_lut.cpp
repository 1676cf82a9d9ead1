#include "sweep/variant_lut.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "common/atomic_file.h"
#include "common/child_process.h"
#include "common/errors.h"
#include "common/number_text.h"
#include "sweep/accel_variant.h"

namespace apq::sweep {
namespace {

namespace fs = std::filesystem;

// The last line a child wrote to its log: the reason it gave for refusing its input.
std::string last_line(const fs::path& log) {
  std::ifstream in(log);
  std::string line, last;
  while (std::getline(in, line))
    if (!line.empty()) last = line;
  return last;
}

nlohmann::ordered_json skipped(nlohmann::ordered_json result, const std::string& reason) {
  result["status"] = "skipped";
  result["reason"] = reason;
  std::fprintf(stderr, "sweep: warning: %s skipped: %s\n", result["name"].get<std::string>().c_str(), reason.c_str());
  return result;
}

}  // namespace

std::string last_log_line(const std::string& path) { return last_line(path); }

std::string prepare_variant_lut(const VariantContext& ctx, std::size_t index, nlohmann::ordered_json& result) {
  const SweepConfig& c = ctx.config;
  const VariantParams& params = c.variants[index];
  result["index"] = index;
  result["name"] = variant_name(ctx.base.at("name").get<std::string>(), params);
  result["params"] = variant_params_json(params);
  const fs::path dir = fs::path(ctx.out_dir) / "variants" / result["name"].get<std::string>();
  fs::create_directories(dir);
  AcceleratorVariant variant;
  try {
    variant = make_variant(ctx.base, c.base, params, ctx.tables);
  } catch (const InputError& e) {
    result = skipped(result, e.what());
    return "";
  }
  result["area_mm2"] = {{"total", variant.area.total()},
                        {"core", variant.area.core},
                        {"wbuf", variant.area.wbuf},
                        {"ibuf", variant.area.ibuf},
                        {"obuf", variant.area.obuf}};
  result["area_sources"] = variant.area.sources;
  if (c.area_budget_mm2 && variant.area.total() > *c.area_budget_mm2) {
    result = skipped(result, "area " + number_text(variant.area.total()) + " mm² is over the budget of " +
                                 number_text(*c.area_budget_mm2) + " mm²");
    return "";
  }
  const std::string accel = (dir / "accel.json").string();
  write_file_atomically(accel, variant.accel.dump(2) + "\n");

  const std::string lut = (dir / "lut.json").string();
  if (ctx.reuse_lut && fs::exists(lut)) {
    result["status"] = "ok";
    result["lut_reused"] = true;
    return lut;
  }
  const ChildResult built = run_child(
      ctx.apq,
      {"lut", "build", "--space", c.space, "--accel", accel, "--out", lut, "--jobs", std::to_string(ctx.jobs)},
      {(dir / "lut_build.log").string(), true});
  if (built.exit_code == 2) {
    result = skipped(result, last_line(dir / "lut_build.log"));
    return "";
  }
  if (built.exit_code != 0)
    throw std::runtime_error("apq lut build failed for " + variant.name + " (exit code " +
                             std::to_string(built.exit_code) + "; its log: " + (dir / "lut_build.log").string() + ")");
  result["status"] = "ok";
  return lut;
}

}  // namespace apq::sweep
