#!/usr/bin/env bash
# Issue 5's training-throughput benchmark: images/s of one training step (forward, backward,
# nesterov SGD step; batch 128) of a space's largest sub-network, our LibTorch supernet
# (`apq_nn_train_throughput --largest`: the supernet at its largest config and the extracted
# standalone sub-network) against the same network written in plain PyTorch
# (scripts/bench/supernet_throughput.py, Debian's python3-torch, faster of NCHW and
# channels_last). The sides run alternately, C++ first, so both see the same machine state; the
# first C++ run also saves its network and the first PyTorch run checks that its network
# computes the same logits. Target: C++ / PyTorch >= 1.0. Results: docs/benchmarks.md.
# Needs an idle machine: a busy neighbour slows every multi-threaded step down to its straggler.
#   scripts/bench/supernet_throughput.sh [space.json = configs/spaces/fmnist.json] [steps = 10]
#                                        [rounds = 2]
# APQ_BENCH_UNTRIMMED_HEAP=1 runs both sides with glibc's heap trimming and dynamic mmap
# threshold off (GLIBC_TUNABLES): each step then reuses its memory instead of page-faulting it
# in again (docs/benchmarks.md).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${APQ_BUILD_DIR:-$root/build}
space=${1:-$root/configs/spaces/fmnist.json}
steps=${2:-10}
rounds=${3:-2}
batch=128
# Debian's interpreter: a python3 earlier on PATH (pyenv) does not see python3-torch.
python=/usr/bin/python3

if [ ! -f "$build/build.ninja" ] && [ ! -f "$build/Makefile" ]; then
  APQ_BUILD_DIR=$build "$root/scripts/build.sh" -DCMAKE_BUILD_TYPE=Release
fi
cmake --build "$build" --target apq_nn_train_throughput >&2
if ! "$python" -c 'import torch' 2>/dev/null; then
  echo "installing Debian's python3-torch" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3-torch >&2
fi

blas=$(update-alternatives --query libblas.so.3-x86_64-linux-gnu 2>/dev/null | sed -n 's/^Value: //p')
echo "machine: nproc $(nproc), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), libblas.so.3 -> ${blas:-unknown}, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "torch $("$python" -c 'import torch; print(torch.__version__)'); space $space, batch $batch, median of $steps steps, $rounds rounds"
if [ "${APQ_BENCH_UNTRIMMED_HEAP:-0}" = 1 ]; then
  export GLIBC_TUNABLES=glibc.malloc.trim_threshold=4294967296:glibc.malloc.mmap_threshold=4294967296
  echo "allocator: glibc, $GLIBC_TUNABLES"
else
  echo "allocator: glibc defaults"
fi

bench="$build/nn/apq_nn_train_throughput"
py_bench=("$python" "$root/scripts/bench/supernet_throughput.py" --space "$space" --batch "$batch"
          --steps "$steps" --threads "$(nproc)")
reference=$(mktemp -d)
results=$(mktemp)
trap 'rm -rf "$reference" "$results"' EXIT
# Each measured network in a process of its own: glibc's heap keeps a state from a process's
# first network that makes a second one in the same process 20-30% faster.
run() {
  local out
  out=$("$@")
  echo "$out"
  tail -n1 <<<"$out" >>"$results"
}
for round in $(seq 1 "$rounds"); do
  save=()
  check=()
  if [ "$round" = 1 ]; then
    save=(--save-subnet "$reference")
    check=(--reference "$reference")
  fi
  echo "--- round $round"
  run "$bench" --largest --network supernet "${save[@]}" "$space" "$batch" "$steps"
  run "${py_bench[@]}" --memory-format channels_last "${check[@]}"
  run "$bench" --largest --network subnet "$space" "$batch" "$steps"
  run "${py_bench[@]}" --memory-format NCHW
done

# Each figure: the best of its rounds (a busy moment only slows a round down).
"$python" - "$results" <<'PY'
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
def best(key):
    return max(r[key] for r in rows if key in r)
cpp_parameters = {r["subnet_parameters"] for r in rows if r["side"] == "libtorch"}
py_parameters = {r["parameters"] for r in rows if r["side"] == "pytorch"}
if len(cpp_parameters | py_parameters) != 1:
    sys.exit(f"parameter counts differ: C++ {cpp_parameters}, PyTorch {py_parameters}")
supernet, subnet = best("supernet_images_per_s"), best("subnet_images_per_s")
nchw, channels_last = best("NCHW_images_per_s"), best("channels_last_images_per_s")
pytorch, pytorch_format = max((nchw, "NCHW"), (channels_last, "channels_last"))
print(f"parameters: {cpp_parameters.pop()} on both sides")
print(f"C++: supernet at its largest config {supernet:.1f} images/s, extracted sub-network {subnet:.1f} images/s")
print(f"PyTorch: {pytorch:.1f} images/s ({pytorch_format}; NCHW {nchw:.1f}, channels_last {channels_last:.1f})")
print(f"ratio C++ / PyTorch: supernet {supernet / pytorch:.2f}, extracted sub-network {subnet / pytorch:.2f} "
      "(target >= 1.0)")
print(json.dumps({"cpp_supernet_images_per_s": supernet, "cpp_subnet_images_per_s": subnet,
                  "pytorch_images_per_s": pytorch, "pytorch_memory_format": pytorch_format,
                  "pytorch_nchw_images_per_s": nchw, "pytorch_channels_last_images_per_s": channels_last,
                  "ratio_supernet": round(supernet / pytorch, 3), "ratio_subnet": round(subnet / pytorch, 3)}))
PY
