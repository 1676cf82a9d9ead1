#!/usr/bin/env bash
# Layers per second the accelerator model simulates in one process, over every pointwise and
# depthwise layer of the APQ ImageNet space (224x224 input, all kernels and mid channels) at every
# (weight, activation) bit pair of {2, 4, 6, 8}; then how far the cycle mode lies from the
# reference mode by layer class. Target: 500 layers/s per process. Results: docs/benchmarks.md.
#   scripts/bench/sim_throughput.sh [accelerator preset name, default bitfusion-eyeriss]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${APQ_BUILD_DIR:-$root/build}
accel=${1:-bitfusion-eyeriss}

APQ_BUILD_TARGETS="apq-sim-throughput" "$root/scripts/build.sh"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
bench="$build/bin/apq-sim-throughput"
space="$root/configs/spaces/apq-imagenet224.json"
config="$root/configs/accel/$accel.json"
"$bench" --accel "$config" --space "$space" --mode reference
"$bench" --accel "$config" --space "$space" --compare
