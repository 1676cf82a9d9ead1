#!/usr/bin/env bash
# Installs dependencies, builds, and runs the main job: `apq pipeline` on its defaults (the fmnist
# space, the shipped supernet and predictors, bitfusion-eyeriss): LUT build and validation,
# searches for every strategy at two latency bounds with spot-verification, QAT fine-tuning and
# test of every winner, the best one's integer network through the model with the RTL array, and
# the report (report.md, CSVs, PNG figures). A killed run resumes where it stopped.
#   scripts/run.sh [OUT]   (default: runs/main under the checkout; APQ_PIPELINE_CONFIG: another
#                           pipeline configuration)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh"
apq=${APQ_BUILD_DIR:-$root/build}/bin/apq
out=${1:-$root/runs/main}
config=()
if [ -n "${APQ_PIPELINE_CONFIG:-}" ]; then config=(--config "$APQ_PIPELINE_CONFIG"); fi
resume=()
if [ -f "$out/pipeline.json" ]; then resume=(--resume); fi
"$apq" pipeline "${config[@]}" --out "$out" "${resume[@]}"
echo "the report: $out/report.md (figures and CSVs in $out/report/)"
