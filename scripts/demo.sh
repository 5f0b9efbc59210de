#!/usr/bin/env bash
# The main job, from a fresh Debian 12 machine: install what is needed, build, then train on the
# bundled breast-cancer data, compile to Verilog and C, and verify both against the reference.
# It builds in its own directory (build-demo/, or $DEMO_BUILD_DIR) without the tests, so that
# scripts/test.sh, which builds build/ with the tests, works before or after it.
# HV_SKIP_DEPS=1 skips the package check; HV_CONFIGURE_ONLY=1 stops after configuring (tests).
set -euo pipefail
cd "$(dirname "$0")/.."
[ "${HV_SKIP_DEPS:-}" = 1 ] || scripts/install-deps.sh
BUILD=${DEMO_BUILD_DIR:-build-demo}
cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
[ "${HV_CONFIGURE_ONLY:-}" = 1 ] && exit 0
cmake --build "$BUILD" -j2 --target heaviside
echo
echo '$ heaviside train examples/breast_cancer/breast_cancer.csv -o out/breast_cancer.hnet'
"$BUILD/heaviside" train examples/breast_cancer/breast_cancer.csv -o out/breast_cancer.hnet
echo
echo '$ heaviside compile out/breast_cancer.hnet -o out'
"$BUILD/heaviside" compile out/breast_cancer.hnet -o out
echo
echo '$ heaviside verify out/breast_cancer.hnet --data examples/breast_cancer/breast_cancer.csv --dir out'
"$BUILD/heaviside" verify out/breast_cancer.hnet --data examples/breast_cancer/breast_cancer.csv --dir out
