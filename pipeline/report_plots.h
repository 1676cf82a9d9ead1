#pragma once
#include <string>
#include <vector>

#include "pipeline/step_context.h"

// The report's figures: a gnuplot script per figure next to the CSV it reads, so a user can
// restyle and redraw it (`gnuplot NAME.gp` in the report folder), and its PNG.
namespace apq::pipeline {

// accuracy_latency.gp / accuracy_energy.gp: test top-1 after QAT of each winner against its LUT
// latency or energy, a line per strategy (winners.csv).
std::string accuracy_figure_script(const std::string& metric, const std::vector<std::string>& strategies);
// lut_vs_sim_latency.gp / lut_vs_sim_energy.gp: LUT against simulation of every verified candidate
// (verified.csv) and of the validation's random sub-networks, with the line y = x.
std::string lut_vs_sim_figure_script(const std::string& metric);
// energy_breakdown.gp: the best network's energy per layer, stacked by component.
std::string energy_breakdown_figure_script();
// convergence.gp: best predicted accuracy per generation, a line per search.
std::string convergence_figure_script(const std::vector<std::string>& search_ids);

// Writes report/NAME.gp and draws report/NAME.png with gnuplot (atomically: all or nothing).
void draw_figure(const StepContext& ctx, const std::string& name, const std::string& script);

}  // namespace apq::pipeline
