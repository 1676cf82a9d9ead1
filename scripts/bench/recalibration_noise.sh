#!/usr/bin/env bash
# How many images does BN recalibration need? (issue 12, item 5) The same N random sub-networks
# (`apq supernet sample`, one seed) are measured with BN recalibrated on each image count; the
# largest count is the reference, and each smaller count's deviation from it (mean, mean |d|,
# max |d|, in top-1 points) is printed with its time per sample. Results: docs/benchmarks.md.
#   scripts/bench/recalibration_noise.sh [checkpoint] [N, default 24] [counts, default "5000 2000 1000 500"]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${APQ_BUILD_DIR:-$root/build}
ckpt=${1:-$root/models/fmnist-supernet/supernet.pt}
count=${2:-24}
read -r -a recal_counts <<< "${3:-5000 2000 1000 500}"

APQ_BUILD_TARGETS="apq apq-nn" "$root/scripts/build.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "checkpoint: $ckpt; $count sub-networks (seed 7), accuracy on all 10,000 validation images"
for r in "${recal_counts[@]}"; do
  start=$(date +%s.%N)
  "$build/bin/apq" supernet sample --ckpt "$ckpt" --n "$count" --seed 7 --recal-images "$r" \
    --out "$work/r$r.jsonl" 2>/dev/null
  echo "$r $(echo "($(date +%s.%N) - $start) / $count" | bc -l)" >> "$work/times"
done
python3 - "$work" "${recal_counts[@]}" <<'PY'
import json, sys
work, counts = sys.argv[1], sys.argv[2:]
times = dict(line.split() for line in open(f"{work}/times"))
acc = {r: [json.loads(l)["accuracy"] * 100 for l in open(f"{work}/r{r}.jsonl")] for r in counts}
ref = acc[counts[0]]
print(f"| recal images | s / sample | mean d | mean abs d | max abs d |  (points, against {counts[0]})")
print("|---:|---:|---:|---:|---:|")
for r in counts:
    d = [a - b for a, b in zip(acc[r], ref)]
    print(f"| {r} | {float(times[r]):.2f} | {sum(d)/len(d):+.3f} | {sum(map(abs, d))/len(d):.3f} | {max(map(abs, d)):.3f} |")
PY
