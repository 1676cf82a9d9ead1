#pragma once
#include "pipeline/step_context.h"

// The pipeline's steps. Each writes its files in the run's folder (layout in pipeline/README.md)
// and nothing else; each reads only what the configuration and the earlier steps wrote.
namespace apq::pipeline {

void build_lut(StepContext& ctx);      // lut.json
void validate_lut(StepContext& ctx);   // lut_validation.json, lut_validation.csv
void choose_bounds(StepContext& ctx);  // bounds.json: the latency bounds, and which searches are feasible
void run_search(StepContext& ctx, const SearchTask& task);       // search/ID.json, search/ID_history.csv
void finetune_winner(StepContext& ctx, const SearchTask& task);  // finetune/ID.json, ID_spec.json, ID.qnet.pt
void simulate_best(StepContext& ctx);                            // best/best.json, best/net.json, best/sim.json
void run_integer_best(StepContext& ctx);                         // integer/net.int.json, integer/rtl.json

}  // namespace apq::pipeline
