#include "pipeline/report_tables.h"

#include <algorithm>
#include <cstdio>

#include "common/number_text.h"

namespace apq::pipeline {
namespace {

std::string row(std::initializer_list<std::string> cells) {
  std::string line;
  for (const std::string& cell : cells) line += (line.empty() ? "" : ",") + cell;
  return line + "\n";
}

// One search history's accuracies, in percent.
std::vector<double> history_accuracy(const std::string& path) {
  std::vector<double> accuracy = read_second_csv_column(path, "the search history");
  for (double& a : accuracy) a *= 100.0;
  return accuracy;
}

}  // namespace

std::vector<Winner> gather_winners(const StepContext& ctx) {
  const nlohmann::json bounds = read_run_json(ctx, "bounds.json");
  std::vector<Winner> winners;
  for (const SearchTask& task : search_tasks(ctx.config)) {
    Winner w;
    w.task = task;
    w.bound_ms = bounds.at("latency_ms").at(task.bound_index).get<double>();
    w.feasible = bounds.at("feasible").at(task.id).get<bool>();
    if (w.feasible) {
      const nlohmann::json search = read_run_json(ctx, "search/" + task.id + ".json");
      const nlohmann::json finetune = read_run_json(ctx, "finetune/" + task.id + ".json");
      const nlohmann::json& best = search.at("best");
      w.predicted = 100.0 * best.at("accuracy").get<double>();
      w.lut_latency_ms = best.at("latency").get<double>();
      w.lut_energy_mj = best.at("energy").get<double>();
      for (const nlohmann::json& c : search.at("verification").at("candidates"))
        if (c.at("config") == best.at("config")) {
          w.sim_latency_ms = c.at("sim_latency").get<double>();
          w.sim_energy_mj = c.at("sim_energy").get<double>();
          break;
        }
      w.ptq_top1 = 100.0 * finetune.at("ptq_test_top1").get<double>();
      w.test_top1 = 100.0 * finetune.at("test_top1").get<double>();
      w.test_images = finetune.at("test_images").get<long long>();
    }
    winners.push_back(w);
  }
  const auto order = [&](const Winner& w) {
    const auto s = std::find(ctx.config.strategies.begin(), ctx.config.strategies.end(), w.task.strategy);
    return std::make_tuple(!w.feasible, s - ctx.config.strategies.begin(), w.lut_latency_ms, w.task.bound_index);
  };
  std::stable_sort(winners.begin(), winners.end(),
                   [&](const Winner& a, const Winner& b) { return order(a) < order(b); });
  return winners;
}

std::vector<VerifiedPoint> gather_verified(const StepContext& ctx) {
  const nlohmann::json bounds = read_run_json(ctx, "bounds.json");
  std::vector<VerifiedPoint> points;
  for (const SearchTask& task : search_tasks(ctx.config)) {
    if (!bounds.at("feasible").at(task.id).get<bool>()) continue;
    const nlohmann::json search = read_run_json(ctx, "search/" + task.id + ".json");
    for (const nlohmann::json& c : search.at("verification").at("candidates"))
      points.push_back({task.id, task.strategy, c.at("rank").get<int>(), c.at("latency").get<double>(),
                        c.at("sim_latency").get<double>(), c.at("energy").get<double>(),
                        c.at("sim_energy").get<double>()});
  }
  return points;
}

std::vector<LayerEnergy> gather_layer_energy(const StepContext& ctx) {
  const nlohmann::json sim = read_run_json(ctx, "best/sim.json");
  std::vector<LayerEnergy> layers;
  for (const nlohmann::json& layer : sim.at("layers")) {
    const nlohmann::json& e = layer.at("energy_breakdown_mj");
    const auto uj = [&](const char* key) { return 1000.0 * e.at(key).get<double>(); };
    layers.push_back({layer.at("name").get<std::string>(), uj("core"), uj("leakage"),
                      uj("wbuf_read") + uj("wbuf_write"), uj("ibuf_read") + uj("ibuf_write"),
                      uj("obuf_read") + uj("obuf_write"), uj("dram")});
  }
  return layers;
}

std::string winners_csv(const std::vector<Winner>& winners) {
  std::string csv =
      "id,strategy,latency_bound_ms,predicted_top1,ptq_test_top1,test_top1,lut_latency_ms,lut_energy_mj,"
      "sim_latency_ms,sim_energy_mj,test_images\n";
  for (const Winner& w : winners) {
    if (!w.feasible) continue;
    csv += row({w.task.id, w.task.strategy, number_text(w.bound_ms), number_text(w.predicted), number_text(w.ptq_top1),
                number_text(w.test_top1), number_text(w.lut_latency_ms), number_text(w.lut_energy_mj),
                w.sim_latency_ms < 0 ? "" : number_text(w.sim_latency_ms),
                w.sim_energy_mj < 0 ? "" : number_text(w.sim_energy_mj), std::to_string(w.test_images)});
  }
  return csv;
}

std::string verified_csv(const std::vector<VerifiedPoint>& points) {
  std::string csv = "id,strategy,rank,lut_latency_ms,sim_latency_ms,lut_energy_mj,sim_energy_mj\n";
  for (const VerifiedPoint& p : points)
    csv += row({p.id, p.strategy, std::to_string(p.rank), number_text(p.lut_latency_ms), number_text(p.sim_latency_ms),
                number_text(p.lut_energy_mj), number_text(p.sim_energy_mj)});
  return csv;
}

std::string layer_energy_csv(const std::vector<LayerEnergy>& layers) {
  std::string csv = "layer,name,core_uj,leakage_uj,weight_buffer_uj,input_buffer_uj,output_buffer_uj,dram_uj\n";
  for (std::size_t i = 0; i < layers.size(); ++i) {
    const LayerEnergy& l = layers[i];
    csv += row({std::to_string(i), l.name, number_text(l.core), number_text(l.leakage), number_text(l.weight_buffer),
                number_text(l.input_buffer), number_text(l.output_buffer), number_text(l.dram)});
  }
  return csv;
}

std::string convergence_csv(const StepContext& ctx, const std::vector<Winner>& winners) {
  std::vector<std::vector<double>> columns;
  std::string header = "generation";
  std::size_t rows = 0;
  for (const Winner& w : winners) {
    if (!w.feasible) continue;
    header += "," + w.task.id;
    columns.push_back(history_accuracy(ctx.path("search/" + w.task.id + "_history.csv")));
    rows = std::max(rows, columns.back().size());
  }
  std::string csv = header + "\n";
  for (std::size_t g = 0; g < rows; ++g) {
    csv += std::to_string(g);
    for (const std::vector<double>& column : columns) csv += "," + (g < column.size() ? number_text(column[g]) : "");
    csv += "\n";
  }
  return csv;
}

}  // namespace apq::pipeline
