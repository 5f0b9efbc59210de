#!/usr/bin/env bash
# The test job, from a fresh Debian 12 machine: install what is needed, build everything, and run
# the whole test suite with ctest (its closing line is the summary).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
BUILD=${BUILD_DIR:-build}
cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build "$BUILD" -j2
cd "$BUILD"
ctest -j2 --output-on-failure --timeout 900
