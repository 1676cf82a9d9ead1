#!/usr/bin/env bash
# Speed of the APQ search on the ImageNet space (apq-imagenet224, 21 blocks) with a predictor of
# random weights (400 wide): the LUT cost of one candidate (target <= 2 us), one batch of 100
# predictions (target <= 1 ms) and the whole evolution, population 100, 500 generations (target
# <= 0.5 s). The LUT is built first with apq lut build (about 1 s). Results: docs/benchmarks.md.
#   scripts/bench/search_speed.sh [accelerator preset name, default bitfusion-eyeriss]
# The dense products run in the system BLAS (OpenBLAS): the script runs once with the kernels
# OpenBLAS picks and, on a CPU with AVX-512, once with OPENBLAS_CORETYPE=SKYLAKEX (Debian's
# OpenBLAS 0.3.21 does not recognise AMD's AVX-512 CPUs and falls back to AVX2 kernels).
# Then the same evolution the way APQ's Python code runs it (scripts/bench/search_speed.py:
# the LUT as a Python dict, the predictor as torch modules; Debian's python3-torch, installed
# if missing), under the C++ run's latency bound, and the ratio of the two evolution times
# (issue 14: >= 50x). The Python evolution takes tens of seconds.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${APQ_BUILD_DIR:-$root/build}
accel=${1:-bitfusion-eyeriss}

APQ_BUILD_TARGETS="apq apq-search-speed" "$root/scripts/build.sh"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
space="$root/configs/spaces/apq-imagenet224.json"
lut=$(mktemp --suffix=.json)
log=$(mktemp)
trap 'rm -f "$lut" "$log"' EXIT
"$build/bin/apq" lut build --space "$space" --accel "$root/configs/accel/$accel.json" --out "$lut" --jobs "$(nproc)" 2>/dev/null
# The evolution line of either side: its seconds, its latency bound.
evolution_seconds() { sed -n 's/^evolution, .* ms: \([0-9.]*\) s.*/\1/p' "$log"; }
latency_bound() { sed -n 's/^evolution, .* latency <= \([0-9.e+-]*\) ms.*/\1/p' "$log"; }
cpp_runs=()
echo "== OpenBLAS kernels as detected"
"$build/bin/apq-search-speed" --space "$space" --lut "$lut" | tee "$log"
cpp_runs+=("kernels as detected:$(evolution_seconds)")
if grep -qw avx512f /proc/cpuinfo; then
  echo "== OPENBLAS_CORETYPE=SKYLAKEX (AVX-512 kernels)"
  OPENBLAS_CORETYPE=SKYLAKEX "$build/bin/apq-search-speed" --space "$space" --lut "$lut" | tee "$log"
  cpp_runs+=("AVX-512 kernels:$(evolution_seconds)")
fi

# Debian's interpreter: a python3 earlier on PATH (pyenv) does not see python3-torch.
python=/usr/bin/python3
if ! "$python" -c 'import torch' 2>/dev/null; then
  echo "installing Debian's python3-torch" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3-torch >&2
fi
echo "== PyTorch, as APQ's Python code runs the search (scripts/bench/search_speed.py)"
# The C++ run's bound (printed to 4 digits), so that both sides search under one constraint;
# read before tee truncates the log.
bound=$(latency_bound)
"$python" -u "$root/scripts/bench/search_speed.py" --space "$space" --lut "$lut" --latency-ms "$bound" | tee "$log"
python_seconds=$(evolution_seconds)
for run in "${cpp_runs[@]}"; do
  awk -v what="${run%%:*}" -v cpp="${run#*:}" -v py="$python_seconds" \
    'BEGIN { printf "evolution, Python / C++ (%s): %.1f s / %.3f s = %.0fx (target >= 50x)\n", what, py, cpp, py / cpp }'
done
