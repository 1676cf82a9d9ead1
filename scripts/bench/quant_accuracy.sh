#!/usr/bin/env bash
# Does quantization matter on the fmnist space? (issue 12, item 4) For the largest and the
# smallest architecture of the shipped supernet at all-8, all-6, all-4 bits, three mixed policies
# and three with 2- and 3-bit weights (the fmnist space file's wider weight bits, passed with
# --space): fp32, post-training quantized and QAT-fine-tuned test top-1; then the spread of
# quantized validation top-1 over random (architecture, policy) pairs (the first N lines of a
# `apq quant sample --kind random` file, default 100). Results: docs/benchmarks.md.
#   scripts/bench/quant_accuracy.sh [checkpoint] [finetune images, default 2048] [samples.jsonl] [N]
# Environment: POLICIES, comma-separated, to measure only some rows (e.g. "8 8 8 8,2 8 2 8").
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${APQ_BUILD_DIR:-$root/build}
ckpt=${1:-$root/models/fmnist-supernet/supernet.pt}
finetune=${2:-2048}
space="$root/configs/spaces/fmnist.json"
samples=${3:-}
count=${4:-100}

APQ_BUILD_TARGETS="apq" "$root/scripts/build.sh"
apq="$build/bin/apq"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "checkpoint: $ckpt; QAT on $finetune training images"

# Policies as (pw_w pw_a dw_w dw_a); a spec for the largest / smallest architecture of the space.
policies=("8 8 8 8" "6 6 6 6" "4 4 4 4" "4 8 4 8" "8 4 8 4" "6 6 4 8" "3 8 3 8" "2 8 2 8" "2 6 3 6")
if [ -n "${POLICIES:-}" ]; then IFS=',' read -r -a policies <<< "$POLICIES"; fi
python3 - "$space" "$work" "${policies[@]}" <<'PY'
import json, sys
space = json.load(open(sys.argv[1])); work = sys.argv[2]
blocks = sum(s["blocks"] for s in space["stages"])
for size in ("largest", "smallest"):
    pick = max if size == "largest" else min
    for policy in sys.argv[3:]:
        pw_w, pw_a, dw_w, dw_a = (int(b) for b in policy.split())
        spec = {"ks": [pick(space["kernels"])] * blocks,
                "e": [space["mid_channels"]["max_expand" if size == "largest" else "min_expand"]] * blocks,
                "d": [pick(s["depths"]) for s in space["stages"]],
                "pw_w_bits_setting": [pw_w] * blocks, "pw_a_bits_setting": [pw_a] * blocks,
                "dw_w_bits_setting": [dw_w] * blocks, "dw_a_bits_setting": [dw_a] * blocks}
        json.dump(spec, open(f"{work}/{size}_{policy.replace(' ', '')}.json", "w"))
PY

printf '%-9s %-22s %7s %7s %7s\n' "arch" "policy pw_w/pw_a/dw_w/dw_a" "fp32" "PTQ" "QAT"
for size in largest smallest; do
  first=1
  for policy in "${policies[@]}"; do
    spec="$work/${size}_${policy// /}.json"
    extra=()
    [ "$first" = 1 ] || extra=(--no-fp32)
    "$apq" quant eval --ckpt "$ckpt" --space "$space" --config "$spec" --finetune-images "$finetune" --json "${extra[@]}" --output "$work/out.json"
    python3 - "$work/out.json" "$size" "$policy" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
fp32 = "%.2f" % (100 * r["fp32_test_top1"]) if "fp32_test_top1" in r else "-"
print("%-9s %-22s %7s %7.2f %7.2f" % (sys.argv[2], sys.argv[3].replace(" ", "/"), fp32,
                                      100 * r["ptq_test_top1"], 100 * r["test_top1"]))
PY
    first=0
  done
done

if [ -n "$samples" ]; then
  head -n "$count" "$samples" | python3 -c '
import json, sys
acc = sorted(100 * json.loads(line)["accuracy"] for line in sys.stdin)
n = len(acc)
print("%d random (architecture, policy) pairs, QAT validation top-1 %%: worst %.2f, median %.2f, mean %.2f, best %.2f, spread %.2f points (target >= 3)"
      % (n, acc[0], acc[(n - 1) // 2], sum(acc) / n, acc[-1], acc[-1] - acc[0]))'
fi
