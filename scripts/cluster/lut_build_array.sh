#!/usr/bin/env bash
#SBATCH --job-name=apq-lut
#SBATCH --array=1-4
#SBATCH --cpus-per-task=2
#SBATCH --output=apq-lut-%A_%a.log
# One slice of a LUT build per task of a Slurm job array: task k of N builds the rows i with
# i % N == k-1 (apq lut build --shard k/N) into OUT_DIR/part-k-of-N.json, with its journal beside it
# (a requeued task resumes from it). Join the parts with lut_merge.sh once every task is done:
#   jobid=$(sbatch --parsable --array=1-8 scripts/cluster/lut_build_array.sh SPACE ACCEL OUT_DIR)
#   sbatch --dependency=afterok:$jobid scripts/cluster/lut_merge.sh SPACE OUT_DIR lut.json
# Outside Slurm, set SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT yourself (the tests do).
# Environment: APQ (default build/bin/apq), APQ_LUT_FORMAT (context or apq; default context).
set -euo pipefail
if [ $# -ne 3 ]; then
  echo "usage: lut_build_array.sh SPACE ACCEL OUT_DIR (one task of sbatch --array=1-N)" >&2
  exit 2
fi
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
apq=${APQ:-$root/build/bin/apq}
k=${SLURM_ARRAY_TASK_ID:?"not a Slurm array task: SLURM_ARRAY_TASK_ID is unset"}
n=${SLURM_ARRAY_TASK_COUNT:?"not a Slurm array task: SLURM_ARRAY_TASK_COUNT is unset"}
mkdir -p "$3"
out="$3/part-$k-of-$n.json"
resume=()
if [ -f "$out.journal" ]; then resume=(--resume); fi
exec "$apq" lut build --space "$1" --accel "$2" --out "$out" --shard "$k/$n" \
  --format "${APQ_LUT_FORMAT:-context}" --jobs "${SLURM_CPUS_PER_TASK:-1}" "${resume[@]}"
