#!/usr/bin/env bash
# Configures and builds apq into build/ (or $APQ_BUILD_DIR). Extra arguments go to cmake.
# APQ_BUILD_TARGETS (space-separated) builds only those targets (the benchmark scripts' use).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${APQ_BUILD_DIR:-$root/build}
generator=()
if command -v ninja >/dev/null 2>&1 && [ ! -f "$build/Makefile" ]; then generator=(-G Ninja); fi
targets=()
for target in ${APQ_BUILD_TARGETS:-}; do targets+=(--target "$target"); done
cmake -S "$root" -B "$build" "${generator[@]}" "$@" >&2
cmake --build "$build" "${targets[@]}" --parallel "$(nproc)" >&2
