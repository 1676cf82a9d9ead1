#!/usr/bin/env bash
# Issue 12's QAT throughput benchmark: images/s of one quantization-aware training step (BN
# folded with frozen statistics, per-channel weight and learnable-range activation fake
# quantization, smoothed label loss + distillation, backward, nesterov SGD) of the largest
# sub-network of a trained supernet at a mixed policy (even blocks pointwise 8 bits and depthwise
# 4, odd blocks pointwise 4 and depthwise 6), our LibTorch code (`apq_nn_qat_throughput`, the
# step of `apq quant finetune`) against the same network written in PyTorch
# (scripts/bench/qat_throughput.py, Debian's python3-torch, faster of channels_last and NCHW), at
# batch 64 (the recipe's) and 128. Every C++ run saves its calibrated network, batch and one
# reference step; the PyTorch runs load that network, check that their forward and step give the
# same logits and loss, and time their steps on the same batch. The sides alternate, C++ first,
# each network in a process of its own; each figure is the best of its rounds. Both sides keep
# freed memory as `apq quant` does (mallopt). Target: C++ / PyTorch >= 1.0. Results:
# docs/benchmarks.md, "QAT throughput".
#   scripts/bench/qat_throughput.sh [checkpoint = models/fmnist-supernet/supernet.pt] [steps = 10]
#                                   [rounds = 2]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${APQ_BUILD_DIR:-$root/build}
checkpoint=${1:-$root/models/fmnist-supernet/supernet.pt}
steps=${2:-10}
rounds=${3:-2}
# Debian's interpreter: a python3 earlier on PATH (pyenv) does not see python3-torch.
python=/usr/bin/python3

if [ ! -f "$build/build.ninja" ] && [ ! -f "$build/Makefile" ]; then
  APQ_BUILD_DIR=$build "$root/scripts/build.sh" -DCMAKE_BUILD_TYPE=Release
fi
cmake --build "$build" --target apq_nn_qat_throughput >&2
if ! "$python" -c 'import torch' 2>/dev/null; then
  echo "installing Debian's python3-torch" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3-torch >&2
fi

echo "machine: nproc $(nproc), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "torch $("$python" -c 'import torch; print(torch.__version__)'); checkpoint $checkpoint, median of $steps steps, $rounds rounds"

reference=$(mktemp -d)
results=$(mktemp)
trap 'rm -rf "$reference" "$results"' EXIT
run() {
  local out
  out=$("$@")
  echo "$out"
  tail -n1 <<<"$out" >>"$results"
}
for round in $(seq 1 "$rounds"); do
  for batch in 64 128; do
    echo "--- round $round, batch $batch (load $(cut -d' ' -f1 /proc/loadavg))"
    run "$build/nn/apq_nn_qat_throughput" --save "$reference/$batch" "$checkpoint" "$batch" "$steps"
    for format in channels_last NCHW; do
      run "$python" "$root/scripts/bench/qat_throughput.py" --reference "$reference/$batch" \
        --steps "$steps" --threads "$(nproc)" --memory-format "$format"
    done
  done
done
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"

"$python" - "$results" <<'PY'
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
if len({r["parameters"] for r in rows}) != 1:
    sys.exit(f"parameter counts differ: {sorted({(r['side'], r['parameters']) for r in rows})}")
summary = {}
for batch in sorted({r["batch"] for r in rows}):
    cpp = max(r["images_per_s"] for r in rows if r["batch"] == batch and r["side"] == "libtorch")
    formats = {f: max(r["images_per_s"] for r in rows if r["batch"] == batch and r.get("memory_format") == f)
               for f in ("channels_last", "NCHW")}
    best = max(formats, key=formats.get)
    print(f"batch {batch}: C++ {cpp:.1f} images/s, PyTorch {formats[best]:.1f} ({best}; channels_last "
          f"{formats['channels_last']:.1f}, NCHW {formats['NCHW']:.1f}): ratio C++ / PyTorch "
          f"{cpp / formats[best]:.2f} (target >= 1.0)")
    summary[batch] = {"cpp_images_per_s": cpp, "pytorch_images_per_s": formats[best], "pytorch_memory_format": best,
                      "ratio": round(cpp / formats[best], 3)}
print(f"parameters: {rows[0]['parameters']} on both sides; largest logit / loss difference "
      f"{max(r.get('max_relative_error', 0) for r in rows):.1e} (relative)")
print(json.dumps(summary))
PY
