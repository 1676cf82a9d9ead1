#!/usr/bin/env bash
# Installs dependencies, builds, and runs the main job. The main job grows as parts land; today it
# verifies the RTL datapath on the full 16x32 BitFusion array and on the 4x8 test array,
# co-simulates a small network with the RTL array inside the SystemC model, and simulates
# MobileNetV2 on the Eyeriss-matched BitFusion in both timing modes, builds the APQ ImageNet LUT
# and validates it against full-network simulation, and evaluates the shipped fmnist supernet.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh"
apq=${APQ_BUILD_DIR:-$root/build}/bin/apq
"$apq" rtl-check --rows 4 --cols 8 --tiles 200 --seed 1
"$apq" rtl-check --rows 16 --cols 32 --tiles 20 --seed 1
"$apq" sim net --accel "$root/configs/accel/bitfusion-4x8-test.json" \
  --net "$root/configs/nets/tiny-mixed.json" --rtl
"$apq" sim net --accel "$root/configs/accel/bitfusion-eyeriss.json" \
  --net "$root/configs/nets/mobilenetv2-224.json"
"$apq" sim net --accel "$root/configs/accel/bitfusion-eyeriss.json" \
  --net "$root/configs/nets/mobilenetv2-224.json" --mode reference
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$apq" lut build --space "$root/configs/spaces/apq-imagenet224.json" \
  --accel "$root/configs/accel/bitfusion-eyeriss.json" --out "$out/lut.json" --jobs "$(nproc)"
"$apq" lut validate --lut "$out/lut.json" --space "$root/configs/spaces/apq-imagenet224.json" \
  --accel "$root/configs/accel/bitfusion-eyeriss.json" --samples 20 --seed 1
"$apq" supernet eval --ckpt "$root/models/fmnist-supernet/supernet.pt" --largest
