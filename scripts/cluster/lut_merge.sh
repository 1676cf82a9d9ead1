#!/usr/bin/env bash
#SBATCH --job-name=apq-lut-merge
#SBATCH --output=apq-lut-merge-%j.log
# Joins the parts lut_build_array.sh wrote into one table (apq lut merge --space checks that no
# row is missing: a failed task shows up here). Usage: lut_merge.sh SPACE OUT_DIR OUT
set -euo pipefail
if [ $# -ne 3 ]; then
  echo "usage: lut_merge.sh SPACE OUT_DIR OUT" >&2
  exit 2
fi
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
apq=${APQ:-$root/build/bin/apq}
shopt -s nullglob
parts=("$2"/part-*-of-*.json)
if [ ${#parts[@]} -eq 0 ]; then
  echo "lut_merge.sh: no part-*-of-*.json in $2" >&2
  exit 2
fi
exec "$apq" lut merge --space "$1" --out "$3" "${parts[@]}"
