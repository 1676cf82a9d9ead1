#!/usr/bin/env bash
# Builds the parsers' fuzz targets with clang, libFuzzer, ASan and UBSan into build-fuzz/ (or
# $APQ_FUZZ_BUILD_DIR) and runs each for SECONDS (default 600). New inputs go to
# build-fuzz/tests/fuzz/found/<target>; crashes to build-fuzz/fuzz-artifacts/. Prints one CSV row
# per target (target, seconds, executions, exec/s, coverage, corpus, result) on stdout.
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]   (targets: tests/fuzz/*_fuzz.cpp without _fuzz.cpp)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${APQ_FUZZ_BUILD_DIR:-$root/build-fuzz}
seconds=${1:-600}
shift || true
case $seconds in ''|*[!0-9]*) echo "fuzz.sh: SECONDS must be a whole number, got '$seconds'" >&2; exit 2;; esac
"$root/scripts/install-deps.sh" --fuzz
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for f in "$root"/tests/fuzz/*_fuzz.cpp; do t=$(basename "$f" _fuzz.cpp); targets+=("$t"); done
fi
generator=()
if command -v ninja >/dev/null 2>&1 && [ ! -f "$build/Makefile" ]; then generator=(-G Ninja); fi
cmake -S "$root" -B "$build" "${generator[@]}" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DAPQ_FUZZ=ON >&2
build_targets=()
for t in "${targets[@]}"; do build_targets+=(--target "fuzz_$t"); done
cmake --build "$build" "${build_targets[@]}" --parallel "$(nproc)" >&2
mkdir -p "$build/fuzz-artifacts"
echo "target,seconds,executions,exec_per_s,coverage,corpus,result"
status=0
for t in "${targets[@]}"; do
  found="$build/tests/fuzz/found/$t"
  mkdir -p "$found"
  log="$build/fuzz-artifacts/$t.log"
  echo "fuzz.sh: $t for ${seconds} s" >&2
  result=clean
  if ! "$build/tests/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="$build/fuzz-artifacts/$t-" "$found" "$root/tests/fuzz/corpus/$t" >"$log" 2>&1; then
    result=FAILED
    status=1
    echo "fuzz.sh: $t failed; see $log" >&2
  fi
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
  rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*' || echo 0)
  corpus=$(find "$found" -type f | wc -l)
  echo "$t,$seconds,$runs,$rate,$cov,$corpus,$result"
done
exit $status
