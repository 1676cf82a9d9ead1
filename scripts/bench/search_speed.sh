#!/usr/bin/env bash
# Speed of the APQ search on the ImageNet space (apq-imagenet224, 21 blocks) with a predictor of
# random weights (400 wide): the LUT cost of one candidate (target <= 2 us), one batch of 100
# predictions (target <= 1 ms) and the whole evolution, population 100, 500 generations (target
# <= 0.5 s). The LUT is built first with apq lut build (about 1 s). Results: docs/benchmarks.md.
#   scripts/bench/search_speed.sh [accelerator preset name, default bitfusion-eyeriss]
# APQ_PREDICTOR_NATIVE=ON compiles the predictor evaluator for this machine's vector unit
# (cmake -DAPQ_PREDICTOR_NATIVE=ON, kept in the build folder's cache).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${APQ_BUILD_DIR:-$root/build}
accel=${1:-bitfusion-eyeriss}

native=()
if [ -n "${APQ_PREDICTOR_NATIVE:-}" ]; then native=(-DAPQ_PREDICTOR_NATIVE="$APQ_PREDICTOR_NATIVE"); fi
APQ_BUILD_TARGETS="apq apq-search-speed" "$root/scripts/build.sh" "${native[@]}"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "predictor evaluator compiled with -march=native: $(grep -q 'APQ_PREDICTOR_NATIVE:BOOL=ON' "$build/CMakeCache.txt" && echo yes || echo no)"
space="$root/configs/spaces/apq-imagenet224.json"
lut=$(mktemp --suffix=.json)
trap 'rm -f "$lut"' EXIT
"$build/bin/apq" lut build --space "$space" --accel "$root/configs/accel/$accel.json" --out "$lut" --jobs "$(nproc)" 2>/dev/null
"$build/bin/apq-search-speed" --space "$space" --lut "$lut"
