#!/usr/bin/env bash
# Predictor training speed (issue 14, item 7: one epoch on 80,000 samples <= 2 s): a
# quantization-aware predictor of APQ's shape (400 wide) on the apq-imagenet224 space, trained for
# 1 and for 6 epochs on 80,000 random sub-networks with random accuracies (speed does not depend
# on them); the epoch time is the difference over 5 epochs (so that reading the samples and
# encoding them, ~30 s with about a second of run-to-run noise, is not counted), printed next to
# the whole command's time. Results: docs/benchmarks.md.
#   scripts/bench/predictor_training_speed.sh [samples, default 80000]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${APQ_BUILD_DIR:-$root/build}
count=${1:-80000}
APQ_BUILD_TARGETS="apq apq-nn" "$root/scripts/build.sh"
space="$root/configs/spaces/apq-imagenet224.json"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
# Random APQ specs drawn by the search-speed bench's space reader (Debian's python3 and
# python3-torch, which that module imports).
python=/usr/bin/python3
if ! "$python" -c 'import torch' 2>/dev/null; then
  echo "installing Debian's python3-torch" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3-torch >&2
fi
"$python" - "$root/scripts/bench" "$space" "$count" > "$work/samples.jsonl" <<'PY'
import json, random, sys
bench, space_path, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
sys.path.insert(0, bench)
import search_speed
random.seed(1)
space = search_speed.Space(space_path)
for _ in range(count):
    print(json.dumps({"config": search_speed.random_spec(space), "accuracy": random.uniform(0.6, 0.8)}))
PY
seconds() {  # epochs -> wall seconds of apq predictor train
  local start end
  start=$(date +%s.%N)
  "$build/bin/apq" predictor train --space "$space" --data "$work/samples.jsonl" --kind quant --out "$work/p.txt" \
    --epochs "$1" --val-fraction 0 >/dev/null 2>&1
  end=$(date +%s.%N)
  echo "$end - $start" | bc -l
}
one=$(seconds 1)
six=$(seconds 6)
printf 'predictor train, %d samples: 1 epoch %.2f s, 6 epochs %.2f s wall; one epoch = %.2f s (target <= 2 s)\n' \
  "$count" "$one" "$six" "$(echo "($six - $one) / 5" | bc -l)"
