#!/usr/bin/env bash
# Accuracy of a trained supernet (default: the shipped fmnist checkpoint). Targets (issue 5):
# largest sub-network >= 93.0 % test top-1, smallest >= 90.0 %, and at least 2 points between the
# best and the worst of 100 random sub-networks (measured on the validation part, where the
# accuracy predictor's data comes from). Every figure is after BN recalibration on 2,000
# validation images. Results: docs/benchmarks.md.
#   scripts/bench/supernet_accuracy.sh [checkpoint] [random sub-networks, default 100]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${APQ_BUILD_DIR:-$root/build}
ckpt=${1:-$root/models/fmnist-supernet/supernet.pt}
count=${2:-100}

APQ_BUILD_TARGETS="apq" "$root/scripts/build.sh"
apq="$build/bin/apq"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "checkpoint: $ckpt"
top1() { grep -o '"test_top1": [0-9.eE+-]*' "$1" | awk '{printf "%.2f", 100 * $2}'; }
"$apq" supernet eval --ckpt "$ckpt" --largest --json --output "$work/largest.json"
"$apq" supernet eval --ckpt "$ckpt" --smallest --json --output "$work/smallest.json"
echo "largest sub-network: test top-1 $(top1 "$work/largest.json") % (target >= 93.0)"
echo "smallest sub-network: test top-1 $(top1 "$work/smallest.json") % (target >= 90.0)"
"$apq" supernet sample --ckpt "$ckpt" --n "$count" --seed 1 --out "$work/random.jsonl"
grep -o '"accuracy":[0-9.eE+-]*' "$work/random.jsonl" | cut -d: -f2 | sort -g | awk -v n="$count" '
  { a[NR] = 100 * $1; sum += 100 * $1 }
  END {
    printf "%d random sub-networks, validation top-1 %%: worst %.2f, median %.2f, mean %.2f, best %.2f, spread %.2f points (target >= 2)\n",
           NR, a[1], a[int((NR + 1) / 2)], sum / NR, a[NR], a[NR] - a[1]
  }'
