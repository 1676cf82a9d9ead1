#!/usr/bin/env bash
# APQ's claim (issue 14, item 6): the joint search of architecture, pruning and quantization
# finds better networks than the fixed-precision search and the sequential pipeline at the same
# constraint. On the shipped fmnist supernet: the LUT of the space on the accelerator, the
# shipped fp32 and quantization-aware predictors, then for 3 latency and 2 energy bounds each
# strategy's search (every strategy's candidates scored by the same quantization-aware
# predictor), its winner QAT-fine-tuned and tested (`apq search --finetune`). Prints a table,
# writes CSV and PNG plots to OUT. Results of a killed run are kept: a re-run only does the
# searches that have no result file yet.
#   scripts/bench/joint_vs_sequential.sh [OUT, default /tmp/joint_vs_sequential]
# Environment: FP32_PREDICTOR, QUANT_PREDICTOR (models/fmnist-predictors/{fp32,quant}.txt),
# ACCEL (configs/accel/bitfusion-eyeriss.json), LATENCIES / ENERGIES (bounds in ms /
# mJ; default: the LUT cost of random sub-networks at the 20th, 50th and 80th latency and the
# 30th and 70th energy percentile), STRATEGIES ("joint fixed-bits:8 sequential"),
# FINETUNE_IMAGES (4000), SEED (1).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${APQ_BUILD_DIR:-$root/build}
out=${1:-/tmp/joint_vs_sequential}
accel=${ACCEL:-$root/configs/accel/bitfusion-eyeriss.json}
space="$root/configs/spaces/fmnist.json"
data="$root/models/fmnist-predictor-data"
checkpoint="$root/models/fmnist-supernet/supernet.pt"
read -r -a strategies <<< "${STRATEGIES:-joint fixed-bits:8 sequential}"
finetune_images=${FINETUNE_IMAGES:-4000}
seed=${SEED:-1}

"$root/scripts/install-deps.sh"  # gnuplot-nox draws the plots
APQ_BUILD_TARGETS="apq apq-nn" "$root/scripts/build.sh"
apq="$build/bin/apq"
mkdir -p "$out/results"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"

[ -f "$out/lut.json" ] || "$apq" lut build --space "$space" --accel "$accel" --out "$out/lut.json" 2>/dev/null
quant_data=("$data/quant_random.jsonl")
if [ -s "$data/quant_fixed_arch.jsonl" ]; then quant_data+=("$data/quant_fixed_arch.jsonl"); fi
cat "${quant_data[@]}" > "$out/quant_samples.jsonl"
# The shipped predictors (models/fmnist-predictors/, trained by the commands of its README) unless
# FP32_PREDICTOR / QUANT_PREDICTOR name others or the shipped ones are absent: then they are
# trained here, the quantization-aware one initialised from the fp32 one.
shipped="$root/models/fmnist-predictors"
fp32_predictor=${FP32_PREDICTOR:-$shipped/fp32.txt}
quant_predictor=${QUANT_PREDICTOR:-$shipped/quant.txt}
if [ ! -f "$out/quant.txt" ] && [ -f "$fp32_predictor" ] && [ -f "$quant_predictor" ]; then
  echo "predictors: $fp32_predictor, $quant_predictor"
  cp "$fp32_predictor" "$out/fp32.txt"
  cp "$quant_predictor" "$out/quant.txt"
elif [ ! -f "$out/quant.txt" ]; then
  "$apq" predictor train --space "$space" --data "$data/fp32.jsonl" --kind fp32 --out "$out/fp32.txt" 2>/dev/null |
    sed 's/^/fp32 predictor: /'
  "$apq" predictor train --space "$space" --data "$out/quant_samples.jsonl" --kind quant --init "$out/fp32.txt" \
    --out "$out/quant.txt" 2>/dev/null | sed 's/^/quant predictor: /'
fi

# Default bounds: percentiles of the LUT cost of 100 of the sampled sub-networks.
if [ -z "${LATENCIES:-}" ] || [ -z "${ENERGIES:-}" ]; then
  read -r default_latencies default_energies < <(python3 - "$apq" "$out" "$space" <<'PY'
import json, subprocess, sys
apq, out, space = sys.argv[1:]
lat, en = [], []
for i, line in enumerate(open(f"{out}/quant_samples.jsonl")):
    if i == 100:
        break
    with open(f"{out}/config.json", "w") as f:
        json.dump(json.loads(line)["config"], f)
    q = json.loads(subprocess.run([apq, "lut", "query", "--lut", f"{out}/lut.json", "--space", space, "--config",
                                   f"{out}/config.json", "--json"], check=True, capture_output=True).stdout)
    lat.append(q["latency"]); en.append(q["energy"])
pick = lambda v, p: sorted(v)[int(p * (len(v) - 1))]
print(",".join(f"{pick(lat, p):.4g}" for p in (0.2, 0.5, 0.8)), ",".join(f"{pick(en, p):.4g}" for p in (0.3, 0.7)))
PY
)
fi
read -r -a latencies <<< "${LATENCIES:-${default_latencies//,/ }}"
read -r -a energies <<< "${ENERGIES:-${default_energies//,/ }}"
echo "bounds: latency ${latencies[*]} ms; energy ${energies[*]} mJ; strategies ${strategies[*]}; QAT on $finetune_images images"

run_search() {  # constraint option, bound, strategy
  local file="$out/results/${1#--}_$2_${3//:/}.json"
  [ -f "$file" ] && return 0
  local extra=()
  if [ "$3" = sequential ]; then extra=(--fp32-predictor "$out/fp32.txt"); fi
  echo "search $1 $2 --strategy $3" >&2
  "$apq" search --space "$space" --lut "$out/lut.json" --predictor "$out/quant.txt" "$1" "$2" --strategy "$3" \
    "${extra[@]}" --seed "$seed" --finetune --ckpt "$checkpoint" --finetune-images "$finetune_images" \
    --output "$file.tmp" 2> >(grep -E "^(finetune|search):" >&2)
  mv "$file.tmp" "$file"
}
for bound in "${latencies[@]}"; do for s in "${strategies[@]}"; do run_search --latency "$bound" "$s"; done; done
for bound in "${energies[@]}"; do for s in "${strategies[@]}"; do run_search --energy "$bound" "$s"; done; done

python3 - "$out" <<'PY'
import csv, glob, json, os, sys
out = sys.argv[1]
rows = []
for path in sorted(glob.glob(f"{out}/results/*.json")):
    r = json.load(open(path))
    kind = "latency" if "latency" in r["constraints"] else "energy"
    f = r.get("finetune", {})
    rows.append(dict(constraint=kind, bound=r["constraints"][kind], strategy=r["strategy"],
                     predicted=r["best"]["accuracy"], ptq_test_top1=f.get("ptq_test_top1"),
                     test_top1=f.get("test_top1"), latency=r["best"]["latency"], energy=r["best"]["energy"],
                     bitops=r["best"]["bitops"]))
rows.sort(key=lambda r: (r["constraint"] != "latency", r["bound"], r["strategy"]))
with open(f"{out}/joint_vs_sequential.csv", "w", newline="") as f:
    w = csv.DictWriter(f, fieldnames=list(rows[0]))
    w.writeheader(); w.writerows(rows)
print("| bound | strategy | predicted (val) | test top-1 after QAT | PTQ test top-1 | latency ms | energy mJ |")
print("|---|---|---|---|---|---|---|")
for r in rows:
    unit = "ms" if r["constraint"] == "latency" else "mJ"
    print(f"| {r['constraint']} ≤ {r['bound']:.4g} {unit} | {r['strategy']} | {100*r['predicted']:.2f} | "
          f"{100*r['test_top1']:.2f} | {100*r['ptq_test_top1']:.2f} | {r['latency']:.4g} | {r['energy']:.4g} |")
for kind in ("latency", "energy"):
    for strategy in dict.fromkeys(r["strategy"] for r in rows):
        with open(f"{out}/plot_{kind}_{strategy.replace(':', '')}.dat", "w") as f:
            for r in rows:
                if r["constraint"] == kind and r["strategy"] == strategy:
                    f.write(f"{r['bound']} {100*r['test_top1']} {100*r['predicted']}\n")
PY
for kind in latency energy; do
  unit=ms; if [ "$kind" = energy ]; then unit=mJ; fi
  plots=()
  for s in "${strategies[@]}"; do
    plots+=("\"$out/plot_${kind}_${s//:/}.dat\" using 1:2 with linespoints title \"$s (test, after QAT)\"")
  done
  gnuplot <<GP
set terminal pngcairo size 800,500
set output "$out/accuracy_vs_$kind.png"
set title "Winners at equal $kind bound, fmnist on $(basename "$accel" .json)"
set xlabel "$kind bound ($unit)"
set ylabel "test top-1 (%)"
set key bottom right
set grid
plot $(IFS=,; echo "${plots[*]}")
GP
done
echo "wrote $out/joint_vs_sequential.csv, $out/accuracy_vs_latency.png, $out/accuracy_vs_energy.png"
