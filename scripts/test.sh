#!/usr/bin/env bash
# Installs dependencies, builds, and runs the whole test suite.
#   scripts/test.sh [CTEST ARGS...]          the default build (build/ or $APQ_BUILD_DIR)
#   scripts/test.sh --sanitize [CTEST ARGS...]  AddressSanitizer + UndefinedBehaviorSanitizer build
#     of everything without LibTorch (APQ_WITH_TORCH=OFF) in build-sanitize/, and its tests
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/scripts/install-deps.sh"
if [ "${1:-}" = "--sanitize" ]; then
  shift
  export APQ_BUILD_DIR=${APQ_SANITIZE_BUILD_DIR:-$root/build-sanitize}
  # SystemC switches coroutine stacks, which ASan's stack bookkeeping cannot follow: stack
  # use-after-return detection stays off and use-after-scope is compiled out (CMakeLists.txt,
  # docs/benchmarks.md). Leaks are checked.
  export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_stack_use_after_return=0:detect_leaks=1:abort_on_error=1}
  export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
  "$root/scripts/build.sh" -DCMAKE_BUILD_TYPE=Release -DAPQ_SANITIZE=ON -DAPQ_WITH_TORCH=OFF
else
  "$root/scripts/build.sh"
fi
build=${APQ_BUILD_DIR:-$root/build}
ctest --test-dir "$build" --output-on-failure --parallel "$(nproc)" "$@"
