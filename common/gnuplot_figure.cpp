#include "common/gnuplot_figure.h"

#include <filesystem>
#include <stdexcept>

#include "common/atomic_file.h"
#include "common/child_process.h"

namespace apq {
namespace {

// A string as a gnuplot single-quoted literal (a quote is doubled).
std::string gnuplot_quoted(const std::string& text) {
  std::string out = "'";
  for (const char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

}  // namespace

std::string gnuplot_preamble(const std::string& name, const std::string& csv) {
  return "# Drawn by apq from " + csv + "; `gnuplot " + name + ".gp` in this folder redraws " + name +
         ".png.\n"
         "if (!exists(\"out\")) out = \"" +
         name +
         ".png\"\n"
         "set terminal pngcairo size " +
         std::to_string(kFigureWidth) + "," + std::to_string(kFigureHeight) +
         " noenhanced font \"sans,10\"\n"
         "set encoding utf8\n"
         "set output out\n"
         "set datafile separator comma\n"
         "set grid\n";
}

void draw_gnuplot_figure(const std::string& folder, const std::string& name, const std::string& script) {
  const std::filesystem::path dir(folder);
  write_file_atomically((dir / (name + ".gp")).string(), script);
  const std::string temporary = name + ".png.tmp";
  // gnuplot runs the -e commands before it loads the script: the script's file names are the folder's.
  const ChildResult result = run_child(
      "gnuplot", {"-e", "cd " + gnuplot_quoted(folder) + "; out = " + gnuplot_quoted(temporary), name + ".gp"});
  if (result.exit_code != 0) {
    std::filesystem::remove(dir / temporary);
    throw std::runtime_error("gnuplot could not draw " + (dir / (name + ".png")).string() + " from " + name +
                             ".gp (exit code " + std::to_string(result.exit_code) + "; its message is above)");
  }
  std::filesystem::rename(dir / temporary, dir / (name + ".png"));
}

}  // namespace apq
