#pragma once
#include "pipeline/step_context.h"

namespace apq::pipeline {

// The report of a run: report.md in the run's folder, and in report/ the numbers as CSV, the
// gnuplot scripts and the PNG figures they draw (gnuplot's pngcairo terminal).
void write_report(StepContext& ctx);

}  // namespace apq::pipeline
