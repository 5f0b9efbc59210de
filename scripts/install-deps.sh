#!/usr/bin/env bash
# Installs every Debian 12 package heaviside needs to build, test and verify.
# Idempotent: packages already present are skipped by apt. Uses sudo when not root.
# Usage: scripts/install-deps.sh [--bench]   (--bench adds the peers the benchmarks compare against)
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

# Build and test: compilers (gcc and clang both compile the generated C), the libraries (Eigen, fmt,
# Boost.Spirit, Catch2, CLI11, nlohmann-json, zlib, OpenMP for clang), the Python package (pybind11,
# NumPy, scikit-learn, pytest: the estimator and its tests),
# Verilator (with make and g++ from build-essential for --build),
# Yosys and Icarus for RTL checks;
# clang's sanitizer and libFuzzer runtimes for the hostile-input build (build-asan, CI=true);
# microcontroller toolchains and the cycle-accurate AVR simulator: the firmware tests build for
# Cortex-M0+/M4 and the ATmega328P and run the latter in simavr;
# OpenMPI for row-partitioned training (`mpirun -np N heaviside train`, tests/mpi; optional at build time).
PKGS=(
  build-essential clang libclang-rt-14-dev cmake ninja-build pkg-config
  libeigen3-dev libfmt-dev libboost-dev catch2 libcli11-dev nlohmann-json3-dev zlib1g-dev libomp-dev
  python3-dev pybind11-dev python3-numpy python3-sklearn python3-pytest
  verilator yosys iverilog
  gcc-arm-none-eabi libnewlib-arm-none-eabi gcc-avr avr-libc simavr libsimavr-dev libelf-dev
  libopenmpi-dev openmpi-bin
)
# Benchmarks and example regeneration: the peers they measure against, and Fashion-MNIST (IDX
# files under /usr/share/datasets/fashion-mnist/, bench/rtl/report.sh).
if [ "${1:-}" = "--bench" ]; then
  PKGS+=(python3-sklearn libopenblas0-pthread r-cran-glmnet nextpnr-ice40 fpga-icestorm valgrind r-cran-mlbench python3-matplotlib dataset-fashion-mnist)
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
