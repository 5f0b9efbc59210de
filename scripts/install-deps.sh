#!/usr/bin/env bash
# Installs every Debian 12 package heaviside needs to build, test and verify.
# Idempotent: packages already present are skipped by apt. Uses sudo when not root.
# Usage: scripts/install-deps.sh [--bench]   (--bench adds the peers the benchmarks compare against)
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

PKGS=(
  build-essential cmake ninja-build pkg-config
  libeigen3-dev libfmt-dev libboost-dev catch2
  verilator yosys iverilog
  python3-sklearn
)
if [ "${1:-}" = "--bench" ]; then
  PKGS+=(r-cran-glmnet nextpnr-ice40 fpga-icestorm simavr libelf-dev valgrind)
fi

missing=()
for p in "${PKGS[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PKGS[@]} packages present"
  exit 0
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
