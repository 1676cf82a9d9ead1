#include "pipeline/report.h"

#include <cmath>
#include <cstdio>
#include <filesystem>

#include "common/atomic_file.h"
#include "pipeline/pipeline.h"
#include "pipeline/report_plots.h"
#include "pipeline/report_tables.h"

namespace apq::pipeline {
namespace {

std::string fixed(double value, int digits) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", digits, value);
  return text;
}

std::string percent(double fraction) { return fixed(100.0 * fraction, 2) + " %"; }

std::string stem(const std::string& path) { return std::filesystem::path(path).stem().string(); }

std::string header_section(const StepContext& ctx) {
  const PipelineConfig& c = ctx.config;
  return "# APQ pipeline report\n\nSpace `" + stem(c.space) + "`, accelerator `" + stem(c.accel) + "`, supernet `" +
         c.supernet + "`, predictor `" + c.predictor + "`; seed " + std::to_string(c.seed) + ", population " +
         std::to_string(c.population) + ", " + std::to_string(c.generations) + " generations, the best " +
         std::to_string(c.verify) + " candidates of each search simulated, QAT on " +
         std::to_string(c.finetune_images) +
         " training images. The configuration is `pipeline.json`; the numbers "
         "behind every figure are the CSV files in `report/`, each figure's gnuplot script next to it.\n\n";
}

std::string best_section(const StepContext& ctx) {
  const nlohmann::json best = read_run_json(ctx, "best/best.json");
  const nlohmann::json sim = read_run_json(ctx, "best/sim.json").at("total");
  const nlohmann::json rtl = read_run_json(ctx, "integer/rtl.json");
  std::string md = "## Best network\n\n`" + best.at("id").get<std::string>() + "` (" +
                   best.at("strategy").get<std::string>() + "): **" + percent(best.at("test_top1").get<double>()) +
                   "** test top-1 after QAT; simulated " + fixed(sim.at("latency_ms").get<double>(), 4) + " ms and " +
                   fixed(sim.at("energy_mj").get<double>(), 4) + " mJ per image (its configuration: `" +
                   best.at("spec").get<std::string>() + "`).\n\n";
  const nlohmann::json& images = rtl.at("per_image");
  long long correct = 0, cycles = 0;
  for (const nlohmann::json& image : images) {
    if (image.contains("label") && image.at("label") == image.at("predicted")) ++correct;
    cycles += image.at("rtl_cycles").get<long long>();
  }
  md +=
      "Its integer network (`integer/net.int.json`) on the accelerator model with every array pass on the "
      "Verilated RTL array: " +
      std::to_string(images.size()) + " test image(s), " + std::to_string(correct) + " classified correctly, " +
      std::to_string(cycles) + " RTL cycles, every pass " +
      (rtl.at("rtl_pass").get<bool>() ? "bit-exact with the golden integer model" : "**NOT** bit-exact") + ".\n\n";
  return md;
}

std::string lut_section(const StepContext& ctx, const std::vector<VerifiedPoint>& verified) {
  const nlohmann::json v = read_run_json(ctx, "lut_validation.json");
  double latency = 0.0, energy = 0.0;
  for (const VerifiedPoint& p : verified) {
    latency += std::abs(p.lut_latency_ms - p.sim_latency_ms) / p.sim_latency_ms;
    energy += std::abs(p.lut_energy_mj - p.sim_energy_mj) / p.sim_energy_mj;
  }
  const double n = verified.empty() ? 1.0 : static_cast<double>(verified.size());
  return "## LUT against full-network simulation\n\nMean |LUT − simulation| / simulation over " +
         std::to_string(v.at("samples").get<int>()) + " random sub-networks: latency " +
         percent(v.at("latency_rel_error").at("mean_abs").get<double>()) + " (max " +
         percent(v.at("latency_rel_error").at("max_abs").get<double>()) + "), energy " +
         percent(v.at("energy_rel_error").at("mean_abs").get<double>()) + " (max " +
         percent(v.at("energy_rel_error").at("max_abs").get<double>()) + "); over the " +
         std::to_string(verified.size()) + " verified candidates of the searches: latency " + percent(latency / n) +
         ", energy " + percent(energy / n) +
         ".\n\n"
         "![LUT vs simulated latency](report/lut_vs_sim_latency.png)\n"
         "![LUT vs simulated energy](report/lut_vs_sim_energy.png)\n\n";
}

std::string bounds_section(const StepContext& ctx) {
  const nlohmann::json b = read_run_json(ctx, "bounds.json");
  std::string md = "## Bounds\n\nLatency bounds (ms):";
  for (const nlohmann::json& x : b.at("latency_ms")) md += " " + fixed(x.get<double>(), 4);
  md += ", " + b.at("source").get<std::string>() + ". Fastest network each strategy can reach (LUT):";
  for (const auto& [strategy, minimum] : b.at("minimum_latency_ms").items())
    md += " " + strategy + " " + fixed(minimum.get<double>(), 4) + " ms;";
  md.back() = '.';
  return md + "\n\n";
}

std::string steps_section(const StepContext& ctx) {
  std::string md =
      "## Steps\n\nEach step's wall time and the commands it ran (any of them can be re-run by hand).\n\n"
      "| step | wall time | commands |\n|---|---|---|\n";
  double total = 0.0;
  for (const std::string& name : pipeline_step_names(ctx.config)) {
    const std::filesystem::path marker = ctx.dir / "steps" / (name + ".json");
    if (!std::filesystem::exists(marker)) continue;
    const nlohmann::json m = read_run_json(ctx, "steps/" + name + ".json");
    const double seconds = m.at("seconds").get<double>();
    total += seconds;
    std::string commands;
    for (const nlohmann::json& command : m.at("commands"))
      commands += (commands.empty() ? "" : "<br>") + ("`" + command.get<std::string>() + "`");
    md += "| " + name + " | " + fixed(seconds, 1) + " s | " + (commands.empty() ? "(in process)" : commands) + " |\n";
  }
  return md + "\nTotal before the report: " + fixed(total, 0) + " s.\n";
}

std::string winners_section(const std::vector<Winner>& winners) {
  std::string md =
      "## Winners\n\nOne search per strategy and latency bound; each winner QAT-fine-tuned and tested on the test "
      "set. Accuracies in %; latency and energy by the LUT, and by full-network simulation where the winner was "
      "among the verified candidates.\n\n"
      "| search | strategy | bound ms | predicted | test top-1 before QAT | after QAT | LUT ms | LUT mJ | sim ms | sim "
      "mJ |\n"
      "|---|---|---|---|---|---|---|---|---|---|\n";
  for (const Winner& w : winners) {
    if (!w.feasible) {
      md += "| " + w.task.id + " | " + w.task.strategy + " | " + fixed(w.bound_ms, 4) +
            " | infeasible: below the strategy's fastest network | | | | | | |\n";
      continue;
    }
    md += "| " + w.task.id + " | " + w.task.strategy + " | " + fixed(w.bound_ms, 4) + " | " + fixed(w.predicted, 2) +
          " | " + fixed(w.ptq_top1, 2) + " | **" + fixed(w.test_top1, 2) + "** | " + fixed(w.lut_latency_ms, 4) +
          " | " + fixed(w.lut_energy_mj, 4) + " | " + (w.sim_latency_ms < 0 ? "" : fixed(w.sim_latency_ms, 4)) + " | " +
          (w.sim_energy_mj < 0 ? "" : fixed(w.sim_energy_mj, 4)) + " |\n";
  }
  return md +
         "\n![test top-1 vs latency](report/accuracy_latency.png)\n"
         "![test top-1 vs energy](report/accuracy_energy.png)\n\n";
}

}  // namespace

void write_report(StepContext& ctx) {
  const std::filesystem::path folder = ctx.dir / "report";
  std::filesystem::create_directories(folder);
  const std::vector<Winner> winners = gather_winners(ctx);
  const std::vector<VerifiedPoint> verified = gather_verified(ctx);
  const std::vector<LayerEnergy> layers = gather_layer_energy(ctx);
  write_file_atomically((folder / "winners.csv").string(), winners_csv(winners));
  write_file_atomically((folder / "verified.csv").string(), verified_csv(verified));
  write_file_atomically((folder / "energy_breakdown.csv").string(), layer_energy_csv(layers));
  write_file_atomically((folder / "convergence.csv").string(), convergence_csv(ctx, winners));

  std::vector<std::string> searched;
  for (const Winner& w : winners)
    if (w.feasible) searched.push_back(w.task.id);
  draw_figure(ctx, "accuracy_latency", accuracy_figure_script("latency", ctx.config.strategies));
  draw_figure(ctx, "accuracy_energy", accuracy_figure_script("energy", ctx.config.strategies));
  draw_figure(ctx, "lut_vs_sim_latency", lut_vs_sim_figure_script("latency"));
  draw_figure(ctx, "lut_vs_sim_energy", lut_vs_sim_figure_script("energy"));
  draw_figure(ctx, "energy_breakdown", energy_breakdown_figure_script());
  draw_figure(ctx, "convergence", convergence_figure_script(searched));
  write_file_atomically(
      ctx.path("report.md"),
      header_section(ctx) + best_section(ctx) + winners_section(winners) + lut_section(ctx, verified) +
          "## Energy per layer of the best network\n\n![energy per layer](report/energy_breakdown.png)"
          "\n\n## Search convergence\n\n![best predicted accuracy per generation]"
          "(report/convergence.png)\n\n" +
          bounds_section(ctx) + steps_section(ctx));
}

}  // namespace apq::pipeline
