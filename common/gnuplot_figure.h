#pragma once
#include <string>

namespace apq {

// Figures are drawn by gnuplot (its pngcairo terminal) from scripts kept next to the CSV they
// read, so that a user can restyle and redraw them: `gnuplot NAME.gp` in that folder.
inline constexpr int kFigureWidth = 800;
inline constexpr int kFigureHeight = 500;

// The start of every script: PNG terminal of the figure size, output NAME.png (or the variable
// `out`), comma-separated data, a grid.
std::string gnuplot_preamble(const std::string& name, const std::string& csv);

// Writes FOLDER/NAME.gp and draws FOLDER/NAME.png with it, all or nothing. Throws
// std::runtime_error when gnuplot cannot be run or fails (its message is on stderr).
void draw_gnuplot_figure(const std::string& folder, const std::string& name, const std::string& script);

}  // namespace apq
