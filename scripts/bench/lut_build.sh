#!/usr/bin/env bash
# Wall time of a full LUT build (every row of a search space, SystemC model, N worker processes).
# Targets for apq-imagenet224 on the 2-core machine: <= 60 s (APQ's table), <= 5 s (the
# context-aware one). Results: docs/benchmarks.md.
#   scripts/bench/lut_build.sh [space preset, default apq-imagenet224] [accel preset, default
#   bitfusion-eyeriss] [jobs, default nproc] [format: context (default) or apq]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${APQ_BUILD_DIR:-$root/build}
space=${1:-apq-imagenet224}
accel=${2:-bitfusion-eyeriss}
jobs=${3:-$(nproc)}
format=${4:-context}
out=${APQ_LUT_OUT:-/tmp/apq-lut-$space-$accel-$format.json}

APQ_BUILD_TARGETS="apq" "$root/scripts/build.sh"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
cmd=("$build/bin/apq" lut build --space "$root/configs/spaces/$space.json"
     --accel "$root/configs/accel/$accel.json" --out "$out" --format "$format" --jobs "$jobs")
echo "command: ${cmd[*]}"
start=$(date +%s.%N)
"${cmd[@]}"
end=$(date +%s.%N)
echo "wall: $(awk "BEGIN {printf \"%.1f\", $end - $start}") s, entries: $(grep -c '^"' "$out"), file: $out ($(stat -c %s "$out") bytes)"
