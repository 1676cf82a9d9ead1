#!/usr/bin/env bash
# Speed of the APQ search on the ImageNet space (apq-imagenet224, 21 blocks) with a predictor of
# random weights (400 wide): the LUT cost of one candidate (target <= 2 us), one batch of 100
# predictions (target <= 1 ms) and the whole evolution, population 100, 500 generations (target
# <= 0.5 s). The LUT is built first with apq lut build (about 1 s). Results: docs/benchmarks.md.
#   scripts/bench/search_speed.sh [accelerator preset name, default bitfusion-eyeriss]
# The dense products run in the system BLAS (OpenBLAS): the script runs once with the kernels
# OpenBLAS picks and, on a CPU with AVX-512, once with OPENBLAS_CORETYPE=SKYLAKEX (Debian's
# OpenBLAS 0.3.21 does not recognise AMD's AVX-512 CPUs and falls back to AVX2 kernels).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${APQ_BUILD_DIR:-$root/build}
accel=${1:-bitfusion-eyeriss}

APQ_BUILD_TARGETS="apq apq-search-speed" "$root/scripts/build.sh"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
space="$root/configs/spaces/apq-imagenet224.json"
lut=$(mktemp --suffix=.json)
trap 'rm -f "$lut"' EXIT
"$build/bin/apq" lut build --space "$space" --accel "$root/configs/accel/$accel.json" --out "$lut" --jobs "$(nproc)" 2>/dev/null
echo "== OpenBLAS kernels as detected"
"$build/bin/apq-search-speed" --space "$space" --lut "$lut"
if grep -qw avx512f /proc/cpuinfo; then
  echo "== OPENBLAS_CORETYPE=SKYLAKEX (AVX-512 kernels)"
  OPENBLAS_CORETYPE=SKYLAKEX "$build/bin/apq-search-speed" --space "$space" --lut "$lut"
fi
