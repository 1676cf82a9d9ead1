#!/usr/bin/env bash
#SBATCH --job-name=apq-sweep
#SBATCH --array=1-4
#SBATCH --cpus-per-task=2
#SBATCH --output=apq-sweep-%A_%a.log
# One share of a co-design sweep per task of a Slurm job array: task k of N runs the variants i
# with i % N == k-1 (apq sweep --shard k/N) into OUT_DIR, which every task shares; a requeued task
# reuses the variants it finished. Write the summary with sweep_summary.sh once every task is done:
#   jobid=$(sbatch --parsable --array=1-4 scripts/cluster/sweep_array.sh SWEEP OUT_DIR)
#   sbatch --dependency=afterok:$jobid scripts/cluster/sweep_summary.sh SWEEP OUT_DIR
# Outside Slurm, set SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT yourself (the tests do).
# Environment: APQ (default build/bin/apq).
set -euo pipefail
if [ $# -ne 2 ]; then
  echo "usage: sweep_array.sh SWEEP OUT_DIR (one task of sbatch --array=1-N)" >&2
  exit 2
fi
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
apq=${APQ:-$root/build/bin/apq}
k=${SLURM_ARRAY_TASK_ID:?"not a Slurm array task: SLURM_ARRAY_TASK_ID is unset"}
n=${SLURM_ARRAY_TASK_COUNT:?"not a Slurm array task: SLURM_ARRAY_TASK_COUNT is unset"}
exec "$apq" sweep --sweep "$1" --out "$2" --shard "$k/$n" --jobs "${SLURM_CPUS_PER_TASK:-1}"
