#!/usr/bin/env bash
# LUT sums against full-network simulation over random sub-networks (random architecture and
# quantization policy). Target: mean relative error <= 2% for latency and energy; the real
# figures are reported whatever they are. Builds the LUT first if it is missing.
# Results: docs/benchmarks.md.
#   scripts/bench/lut_validate.sh [space, default apq-imagenet224] [accel, default
#   bitfusion-eyeriss] [samples, default 200] [seed, default 1] [format: context (default) or apq]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${APQ_BUILD_DIR:-$root/build}
space=${1:-apq-imagenet224}
accel=${2:-bitfusion-eyeriss}
samples=${3:-200}
seed=${4:-1}
format=${5:-context}
lut=${APQ_LUT_OUT:-/tmp/apq-lut-$space-$accel-$format.json}
csv=${APQ_VALIDATE_CSV:-/tmp/apq-validate-$space-$accel-$format.csv}

APQ_BUILD_TARGETS="apq" "$root/scripts/build.sh"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
apq="$build/bin/apq"
if [ ! -f "$lut" ]; then
  "$apq" lut build --space "$root/configs/spaces/$space.json" --accel "$root/configs/accel/$accel.json" \
    --out "$lut" --format "$format" --jobs "$(nproc)"
fi
cmd=("$apq" lut validate --lut "$lut" --space "$root/configs/spaces/$space.json"
     --accel "$root/configs/accel/$accel.json" --samples "$samples" --seed "$seed" --csv "$csv")
echo "command: ${cmd[*]}"
start=$(date +%s.%N)
"${cmd[@]}"
end=$(date +%s.%N)
echo "wall: $(awk "BEGIN {printf \"%.1f\", $end - $start}") s, per-sample rows: $csv"
