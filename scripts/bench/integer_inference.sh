#!/usr/bin/env bash
# Issue 15: the network the search picked, as an integer network, on the accelerator model with
# real Fashion-MNIST images. On the shipped fmnist supernet: the joint search's winner at a
# latency bound (mixed policy), QAT-fine-tuned (qnet.pt), exported (net.int.json); then
#   - test top-1 of the integer network (the golden path of `apq sim net`, all 10,000 images)
#     against the fake-quantized network's (`apq quant infer`, which also runs LibTorch's integer
#     reference on all of them);
#   - `apq quant check` on RTL_IMAGES images with the Verilated 4x8 array
#     (bitfusion-4x8-test) and on EYERISS_IMAGES with the 16x32 array (bitfusion-eyeriss);
# every step's wall time. Results of a killed run are kept; a re-run redoes only what is missing.
#   scripts/bench/integer_inference.sh [OUT, default /tmp/integer_inference]
# Environment: LATENCY (0.3564 ms), SEED (1), FINETUNE_IMAGES (4000), RTL_IMAGES (100),
# EYERISS_IMAGES (1).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${APQ_BUILD_DIR:-$root/build}
out=${1:-/tmp/integer_inference}
latency=${LATENCY:-0.3564}
seed=${SEED:-1}
finetune_images=${FINETUNE_IMAGES:-4000}
rtl_images=${RTL_IMAGES:-100}
eyeriss_images=${EYERISS_IMAGES:-1}
space="$root/configs/spaces/fmnist.json"
checkpoint="$root/models/fmnist-supernet/supernet.pt"
data=/usr/share/datasets/fashion-mnist
images="$data/t10k-images-idx3-ubyte.gz"
labels="$data/t10k-labels-idx1-ubyte.gz"

"$root/scripts/install-deps.sh"
APQ_BUILD_TARGETS="apq apq-nn" "$root/scripts/build.sh"
apq="$build/bin/apq"
mkdir -p "$out"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
timed() {  # name, command...: runs it, records its wall time in $out/times.txt
  local name=$1; shift
  local start; start=$(date +%s.%N)
  "$@"
  echo "$name $(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')" >> "$out/times.txt"
}

[ -f "$out/lut.json" ] || "$apq" lut build --space "$space" --accel "$root/configs/accel/bitfusion-eyeriss.json" \
  --out "$out/lut.json" 2>/dev/null
if [ ! -f "$out/search.json" ]; then
  "$apq" search --space "$space" --lut "$out/lut.json" --predictor "$root/models/fmnist-predictors/quant.txt" \
    --latency "$latency" --strategy joint --seed "$seed" --output "$out/search.json.tmp" 2>/dev/null
  mv "$out/search.json.tmp" "$out/search.json"
fi
python3 -c 'import json,sys; json.dump(json.load(open(sys.argv[1]))["best"]["config"], open(sys.argv[2], "w"), indent=1)' \
  "$out/search.json" "$out/spec.json"
[ -f "$out/qnet.pt" ] || timed finetune "$apq" quant finetune --ckpt "$checkpoint" --space "$space" --config "$out/spec.json" \
  --finetune-images "$finetune_images" --seed "$seed" --no-fp32 --out "$out/qnet.pt" --json > "$out/finetune.json"
[ -f "$out/net.int.json" ] || timed export "$apq" quant export --qnet "$out/qnet.pt" --out "$out/net.int.json"
[ -f "$out/infer.json" ] || timed torch_reference_10000 "$apq" quant infer --qnet "$out/qnet.pt" --input "$images" \
  --labels "$labels" --json --output "$out/infer.json"
[ -f "$out/golden.json" ] || timed golden_10000 "$apq" sim net --accel "$root/configs/accel/bitfusion-eyeriss.json" \
  --net "$out/net.int.json" --input "$images" --labels "$labels" --json --output "$out/golden.json"
[ -f "$out/check_4x8.json" ] || timed "check_4x8_rtl_$rtl_images" "$apq" quant check --qnet "$out/qnet.pt" \
  --accel "$root/configs/accel/bitfusion-4x8-test.json" --input "$images" --images "$rtl_images" --rtl --json \
  --output "$out/check_4x8.json" || true
[ -f "$out/check_eyeriss.json" ] || timed "check_eyeriss_rtl_$eyeriss_images" "$apq" quant check --qnet "$out/qnet.pt" \
  --accel "$root/configs/accel/bitfusion-eyeriss.json" --input "$images" --images "$eyeriss_images" --rtl --json \
  --output "$out/check_eyeriss.json" || true

# One image through the largest fmnist sub-network (all 8 bits, post-training quantized) on the
# Eyeriss-size BitFusion with the Verilated 16x32 array (target: at most 30 s).
python3 - "$space" "$out/largest_spec.json" <<'PY'
import json, sys
space = json.load(open(sys.argv[1]))
slots = sum(stage["blocks"] for stage in space["stages"])
spec = {"ks": [max(space["kernels"])] * slots, "e": [float(space["mid_channels"]["max_expand"])] * slots,
        "d": [max(stage["depths"]) for stage in space["stages"]]}
for key in ("pw_w", "pw_a", "dw_w", "dw_a"):
    spec[f"{key}_bits_setting"] = [8] * slots
json.dump(spec, open(sys.argv[2], "w"))
PY
[ -f "$out/largest_qnet.pt" ] || "$apq" quant finetune --ckpt "$checkpoint" --space "$space" --config "$out/largest_spec.json" \
  --finetune-images 0 --no-fp32 --out "$out/largest_qnet.pt" --json > "$out/largest_finetune.json"
[ -f "$out/largest.int.json" ] || "$apq" quant export --qnet "$out/largest_qnet.pt" --out "$out/largest.int.json"
[ -f "$out/largest_eyeriss_rtl.json" ] || timed largest_eyeriss_rtl_1 "$apq" sim net \
  --accel "$root/configs/accel/bitfusion-eyeriss.json" --net "$out/largest.int.json" --input "$images" --labels "$labels" \
  --images 1 --rtl --json --output "$out/largest_eyeriss_rtl.json" || true

python3 - "$out" <<'PY'
import json, os, sys
out = sys.argv[1]
infer = json.load(open(f"{out}/infer.json"))
golden = json.load(open(f"{out}/golden.json"))
spec = json.load(open(f"{out}/spec.json"))
same = sum(a["predicted"] == b["predicted"] for a, b in zip(infer["per_image"], golden["per_image"]))
print(f"policy: pw_w {spec['pw_w_bits_setting']} pw_a {spec['pw_a_bits_setting']} dw_w {spec['dw_w_bits_setting']} dw_a {spec['dw_a_bits_setting']}")
print("| test images | fake-quantized top-1 | integer top-1 (LibTorch) | integer top-1 (accelerator model, golden) | difference | same class, integer vs fake-quantized | same class, LibTorch vs model |")
print("|---:|---:|---:|---:|---:|---:|---:|")
print(f"| {infer['images']} | {100*infer['fake_quant_top1']:.2f} | {100*infer['integer_top1']:.2f} | {100*golden['top1']:.2f} | "
      f"{100*(golden['top1']-infer['fake_quant_top1']):+.2f} | {infer['agreeing']} | {same} |")
for name in ("check_4x8", "check_eyeriss"):
    path = f"{out}/{name}.json"
    if os.path.exists(path) and os.path.getsize(path) > 0:
        c = json.load(open(path))
        print(f"{name}: {c['images']} images x {c['layers']} layers on {c['accelerator']} (RTL: {c['rtl']}): "
              f"pass {c['pass']}, same class {c['same_class']}, first difference {c['first_difference']}")
total_cycles = golden["result"]["total"]["cycles"]["total"]
print(f"cycles per image on bitfusion-eyeriss: {total_cycles}")
path = f"{out}/largest_eyeriss_rtl.json"
if os.path.exists(path) and os.path.getsize(path) > 0:
    l = json.load(open(path))
    image = l["per_image"][0]
    print(f"largest sub-network, 1 image, bitfusion-eyeriss with the 16x32 RTL: pass {l['rtl_pass']}, "
          f"{image['passes']} RTL passes, {image['rtl_cycles']} cycles, class {image['predicted']} (label {image['label']})")
print("wall times (s):", open(f"{out}/times.txt").read().replace("\n", "; "))
PY
