#!/usr/bin/env bash
# APQ's transfer claim (issue 14, item 3): a quantization-aware predictor initialised from the
# fp32 predictor beats one trained from scratch when quantized samples are few. The quantized
# samples are split once (seeded) into a held-out part and a training pool; for each training
# size (a seeded subset of the pool, another subset per seed) and seed, a predictor is trained
# from scratch and one from the fp32 predictor (trained once on all fp32 samples), and both are
# measured on the same held-out samples: RMSE, pairwise accuracy, Kendall tau. Prints a table
# of mean ± sd over the seeds, writes the per-run CSV and a PNG plot (gnuplot-nox) to OUT.
#   scripts/bench/predictor_transfer.sh [OUT, default /tmp/predictor_transfer]
# Environment: FP32_DATA, QUANT_DATA (default: models/fmnist-predictor-data/{fp32,quant_random}.jsonl
# and, if present, quant_fixed_arch.jsonl), SPACE (configs/spaces/fmnist.json), SIZES
# ("25 50 100 250 all"), SEEDS ("1 2 3"), HELD_OUT (fraction, 0.2), EPOCHS (200).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${APQ_BUILD_DIR:-$root/build}
out=${1:-/tmp/predictor_transfer}
data="$root/models/fmnist-predictor-data"
fp32_data=${FP32_DATA:-$data/fp32.jsonl}
if [ -z "${QUANT_DATA:-}" ]; then
  QUANT_DATA="$data/quant_random.jsonl"
  if [ -s "$data/quant_fixed_arch.jsonl" ]; then QUANT_DATA="$QUANT_DATA $data/quant_fixed_arch.jsonl"; fi
fi
space=${SPACE:-$root/configs/spaces/fmnist.json}
read -r -a sizes <<< "${SIZES:-25 50 100 250 all}"
read -r -a seeds <<< "${SEEDS:-1 2 3}"
held_out=${HELD_OUT:-0.2}
epochs=${EPOCHS:-200}

"$root/scripts/install-deps.sh"  # gnuplot-nox draws the plots
APQ_BUILD_TARGETS="apq apq-nn" "$root/scripts/build.sh"
apq="$build/bin/apq"
mkdir -p "$out/work"
work="$out/work"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
# The split and the subsets: seeded, so that a re-run measures the same samples.
# shellcheck disable=SC2086
python3 - "$work" "$held_out" "${#seeds[@]}" "${sizes[*]}" "${seeds[*]}" $QUANT_DATA <<'PY'
import json, random, sys
work, held_out, _, sizes, seeds, *files = sys.argv[1:]
lines = [l for f in files for l in open(f) if l.strip()]
for l in lines:
    json.loads(l)
random.Random(0).shuffle(lines)
n_held = max(2, round(float(held_out) * len(lines)))
held, pool = lines[:n_held], lines[n_held:]
open(f"{work}/held_out.jsonl", "w").writelines(held)
print(f"quantized samples: {len(lines)} ({', '.join(files)}); held out {len(held)}, pool {len(pool)}")
for size in sizes.split():
    n = len(pool) if size == "all" else int(size)
    if n > len(pool):
        print(f"size {size}: only {len(pool)} samples in the pool, skipped")
        continue
    for seed in seeds.split():
        subset = random.Random(int(seed)).sample(pool, n)
        open(f"{work}/train_{size}_{seed}.jsonl", "w").writelines(subset)
PY
echo "fp32 samples: $(wc -l < "$fp32_data") ($fp32_data)"
"$apq" predictor train --space "$space" --data "$fp32_data" --kind fp32 --out "$work/fp32.txt" \
  --epochs "$epochs" --seed 1 2>/dev/null | sed 's/^/fp32 predictor: /'

csv="$out/transfer.csv"
echo "size,seed,init,samples,rmse,pairwise_accuracy,kendall_tau" > "$csv"
for size in "${sizes[@]}"; do
  for seed in "${seeds[@]}"; do
    train="$work/train_${size}_${seed}.jsonl"
    [ -f "$train" ] || continue
    for init in scratch fp32; do
      predictor="$work/quant_${size}_${seed}_${init}.txt"
      init_args=()
      if [ "$init" = fp32 ]; then init_args=(--init "$work/fp32.txt"); fi
      "$apq" predictor train --space "$space" --data "$train" --kind quant "${init_args[@]}" --out "$predictor" \
        --epochs "$epochs" --val-fraction 0 --seed "$seed" >/dev/null 2>&1
      "$apq" predictor eval --space "$space" --predictor "$predictor" --data "$work/held_out.jsonl" --json |
        python3 -c "import json,sys; q=json.load(sys.stdin); print('$size,$seed,$init,%d,%.6f,%.6f,%.6f' % (q['samples'], q['rmse'], q['pairwise_accuracy'], q['kendall_tau']))" >> "$csv"
    done
  done
done

# Table (mean ± sd over seeds) and the plot's data: size, scratch mean/sd, transfer mean/sd.
python3 - "$csv" "$work/plot.dat" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1])))
sizes = list(dict.fromkeys(r["size"] for r in rows))
def stats(size, init, field):
    v = [float(r[field]) for r in rows if r["size"] == size and r["init"] == init]
    return statistics.mean(v), (statistics.stdev(v) if len(v) > 1 else 0.0)
print("| quantized samples | pairwise acc. scratch | pairwise acc. from fp32 | gain (points) | RMSE scratch | RMSE from fp32 | tau scratch | tau from fp32 |")
print("|---|---|---|---|---|---|---|---|")
with open(sys.argv[2], "w") as plot:
    for size in sizes:
        (ps, pss), (pt, pts) = stats(size, "scratch", "pairwise_accuracy"), stats(size, "fp32", "pairwise_accuracy")
        (rs, rss), (rt, rts) = stats(size, "scratch", "rmse"), stats(size, "fp32", "rmse")
        (ts, tss), (tt, tts) = stats(size, "scratch", "kendall_tau"), stats(size, "fp32", "kendall_tau")
        n = next(r["samples"] for r in rows if r["size"] == size)
        label = size if size != "all" else "all"
        print(f"| {label} | {100*ps:.1f} ± {100*pss:.1f} | {100*pt:.1f} ± {100*pts:.1f} | {100*(pt-ps):+.1f} | "
              f"{100*rs:.2f} ± {100*rss:.2f} | {100*rt:.2f} ± {100*rts:.2f} | {ts:.3f} | {tt:.3f} |")
        plot.write(f"\"{label}\" {100*ps} {100*pss} {100*pt} {100*pts}\n")
print(f"(held-out samples per run: {rows[0]['samples']}; RMSE in top-1 points; mean ± sd over seeds)")
PY
gnuplot <<GP
set terminal pngcairo size 800,500
set output "$out/transfer.png"
set title "Quantization-aware predictor: from scratch vs transferred from the fp32 predictor"
set xlabel "quantized training samples"
set ylabel "held-out pairwise accuracy (%)"
set key bottom right
set grid ytics
set offsets 0.3, 0.3, 0, 0
plot "$work/plot.dat" using 0:2:3:xtic(1) with yerrorlines title "from scratch", \
     "" using 0:4:5 with yerrorlines title "initialised from fp32"
GP
echo "wrote $csv and $out/transfer.png"
