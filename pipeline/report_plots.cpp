#include "pipeline/report_plots.h"

#include "common/gnuplot_figure.h"

namespace apq::pipeline {
namespace {

std::string words(const std::vector<std::string>& list) {
  std::string text;
  for (const std::string& word : list) text += (text.empty() ? "" : " ") + word;
  return text;
}

}  // namespace

std::string accuracy_figure_script(const std::string& metric, const std::vector<std::string>& strategies) {
  const bool latency = metric == "latency";
  const std::string name = "accuracy_" + metric;
  return gnuplot_preamble(name, "winners.csv") + "set key bottom right\n" +
         "set title \"Test top-1 after QAT of each search's winner vs its " + metric + " (LUT)\"\n" + "set xlabel \"" +
         (latency ? "latency (ms)" : "energy (mJ)") + "\"\n" + "set ylabel \"test top-1 (%)\"\n" + "strategies = \"" +
         words(strategies) + "\"\n" + "plot for [s in strategies] \"winners.csv\" skip 1 using (strcol(2) eq s ? $" +
         (latency ? "7" : "8") + " : NaN):6 with linespoints pt 7 ps 1.2 title s\n";
}

std::string lut_vs_sim_figure_script(const std::string& metric) {
  const bool latency = metric == "latency";
  const std::string unit = latency ? "ms" : "mJ";
  return gnuplot_preamble("lut_vs_sim_" + metric, "verified.csv and ../lut_validation.csv") + "set key top left\n" +
         "set title \"LUT vs full-network simulation: " + metric + "\"\n" + "set xlabel \"simulated " + metric + " (" +
         unit + ")\"\n" + "set ylabel \"LUT " + metric + " (" + unit + ")\"\n" +
         "plot \"../lut_validation.csv\" skip 1 using " + (latency ? "3:2" : "6:5") +
         " with points pt 6 lc rgb \"#999999\" title \"random sub-networks (LUT validation)\", \\\n"
         "     \"verified.csv\" skip 1 using " +
         (latency ? "5:4" : "7:6") +
         " with points pt 7 lc rgb \"#d62728\" title \"verified candidates of the searches\", \\\n"
         "     x with lines dt 2 lc rgb \"black\" title \"y = x\"\n";
}

std::string energy_breakdown_figure_script() {
  return gnuplot_preamble("energy_breakdown", "energy_breakdown.csv") +
         "set title \"Energy per layer of the best network (full-network simulation)\"\n"
         "set ylabel \"energy (µJ)\"\n"
         "set style data histograms\n"
         "set style histogram rowstacked\n"
         "set style fill solid 0.85 border -1\n"
         "set boxwidth 0.8\n"
         "set key top right\n"
         "set xtics rotate by 90 right font \",7\"\n"
         "set grid noxtics\n"
         "plot \"energy_breakdown.csv\" skip 1 using 3:xtic(2) title \"core\", \\\n"
         "     \"\" skip 1 using 4 title \"leakage\", \\\n"
         "     \"\" skip 1 using 5 title \"weight buffer\", \\\n"
         "     \"\" skip 1 using 6 title \"input buffer\", \\\n"
         "     \"\" skip 1 using 7 title \"output buffer\", \\\n"
         "     \"\" skip 1 using 8 title \"DRAM\"\n";
}

// Past the eighth search the colours repeat: those lines are dashed.
std::string convergence_figure_script(const std::vector<std::string>& search_ids) {
  return gnuplot_preamble("convergence", "convergence.csv") + "set key bottom right\n" +
         "set title \"Best predicted accuracy per generation\"\n" + "set xlabel \"generation\"\n" +
         "set ylabel \"predicted top-1 (%)\"\n" + "ids = \"" + words(search_ids) + "\"\n" +
         "plot for [i=1:words(ids)] \"convergence.csv\" skip 1 using 1:(column(i + 1)) with lines lw 1.5 dt int((i - 1) / 8 + 1) title "
         "word(ids, i)\n";
}

void draw_figure(const StepContext& ctx, const std::string& name, const std::string& script) {
  draw_gnuplot_figure((ctx.dir / "report").string(), name, script);
}

}  // namespace apq::pipeline
