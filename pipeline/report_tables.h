#pragma once
#include <string>
#include <vector>

#include "pipeline/step_context.h"

// The report's tables, gathered from a run's files. Accuracies in percent.
namespace apq::pipeline {

struct Winner {
  SearchTask task;
  double bound_ms = 0.0;
  bool feasible = false;
  double predicted = 0.0, ptq_top1 = 0.0, test_top1 = 0.0;
  double lut_latency_ms = 0.0, lut_energy_mj = 0.0;
  double sim_latency_ms = -1.0, sim_energy_mj = -1.0;  // -1: not among the verified candidates
  long long test_images = 0;
};

struct VerifiedPoint {
  std::string id, strategy;
  int rank = 0;
  double lut_latency_ms = 0.0, sim_latency_ms = 0.0, lut_energy_mj = 0.0, sim_energy_mj = 0.0;
};

struct LayerEnergy {
  std::string name;
  double core = 0.0, leakage = 0.0, weight_buffer = 0.0, input_buffer = 0.0, output_buffer = 0.0, dram = 0.0;  // µJ
};

// Feasible winners grouped by strategy (configuration order), by latency within a strategy; the
// infeasible ones after them.
std::vector<Winner> gather_winners(const StepContext& ctx);
std::vector<VerifiedPoint> gather_verified(const StepContext& ctx);
std::vector<LayerEnergy> gather_layer_energy(const StepContext& ctx);

std::string winners_csv(const std::vector<Winner>& winners);  // feasible ones only
std::string verified_csv(const std::vector<VerifiedPoint>& points);
std::string layer_energy_csv(const std::vector<LayerEnergy>& layers);
// generation, then one column per feasible search: its best predicted accuracy (%) per generation.
std::string convergence_csv(const StepContext& ctx, const std::vector<Winner>& winners);

}  // namespace apq::pipeline
