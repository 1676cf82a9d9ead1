#!/usr/bin/env bash
# Installs every Debian package apq needs. Idempotent: does nothing when all are present.
# --fuzz adds clang and libFuzzer for scripts/fuzz.sh.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkgconf ccache
  libsystemc-dev verilator
  libboost-program-options-dev libgtest-dev libgmock-dev nlohmann-json3-dev zlib1g-dev
  libtorch-dev libopenblas0-pthread libblas-dev libeigen3-dev
  dataset-fashion-mnist gnuplot-nox
  libopenmpi-dev openmpi-bin
)
if [ "${1:-}" = "--fuzz" ]; then packages+=(clang libfuzzer-14-dev); fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present" >&2
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "install-deps: installing ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
