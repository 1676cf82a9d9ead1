#!/usr/bin/env bash
#SBATCH --job-name=apq-sweep-summary
#SBATCH --cpus-per-task=2
#SBATCH --output=apq-sweep-summary-%j.log
# The summary of a sweep whose variants the tasks of sweep_array.sh ran: apq sweep --resume reuses
# every finished variant (and runs any a task left undone), then writes summary.json, summary.csv
# and the figures, byte for byte those of a single-process sweep.
#   sweep_summary.sh SWEEP OUT_DIR
set -euo pipefail
if [ $# -ne 2 ]; then
  echo "usage: sweep_summary.sh SWEEP OUT_DIR" >&2
  exit 2
fi
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
apq=${APQ:-$root/build/bin/apq}
exec "$apq" sweep --sweep "$1" --out "$2" --resume --jobs "${SLURM_CPUS_PER_TASK:-1}"
