#!/usr/bin/env bash
# The README's two commands in either order: scripts/demo.sh then scripts/test.sh must leave a
# test build with tests. Runs both scripts' configure steps (HV_CONFIGURE_ONLY=1) into one scratch
# directory (the worst case: both pointed at the same tree), demo first, and counts the tests
# ctest finds there; then checks the defaults keep the two builds apart and test.sh refuses to
# pass on zero tests. Usage: demo_then_test.sh <source dir> <scratch dir>
set -euo pipefail
src=$(realpath "$1") scratch=$2
rm -rf "$scratch"
mkdir -p "$scratch"
scratch=$(realpath "$scratch")
export HV_SKIP_DEPS=1 HV_CONFIGURE_ONLY=1
DEMO_BUILD_DIR="$scratch/b" "$src/scripts/demo.sh" >/dev/null
[ "$(grep '^BUILD_TESTING:BOOL=' "$scratch/b/CMakeCache.txt")" = "BUILD_TESTING:BOOL=OFF" ] || { echo "demo.sh did not disable the tests"; exit 1; }
BUILD_DIR="$scratch/b" "$src/scripts/test.sh" >/dev/null
n=$(cd "$scratch/b" && ctest -N | sed -n 's/^Total Tests: //p')
echo "tests after demo.sh then test.sh: $n"
[ "${n:-0}" -gt 0 ] || { echo "no tests after demo.sh then test.sh"; exit 1; }
grep -q 'DEMO_BUILD_DIR:-build-demo' "$src/scripts/demo.sh" || { echo "demo.sh does not default to build-demo/"; exit 1; }
grep -q 'BUILD_DIR:-build}' "$src/scripts/test.sh" || { echo "test.sh does not default to build/"; exit 1; }
[ "$(grep -c -- '--no-tests=error' "$src/scripts/test.sh")" -ge 2 ] || { echo "test.sh's ctest runs lack --no-tests=error"; exit 1; }
rm -rf "$scratch"
