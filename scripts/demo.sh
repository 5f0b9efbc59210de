#!/usr/bin/env bash
# The main job, from a fresh Debian 12 machine: install what is needed, build, then train on the
# bundled breast-cancer data, compile to Verilog and C, and verify both against the reference.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
cmake --build build -j2 --target heaviside
echo
echo '$ heaviside train examples/breast_cancer/breast_cancer.csv -o out/breast_cancer.hnet'
./build/heaviside train examples/breast_cancer/breast_cancer.csv -o out/breast_cancer.hnet
echo
echo '$ heaviside compile out/breast_cancer.hnet -o out'
./build/heaviside compile out/breast_cancer.hnet -o out
echo
echo '$ heaviside verify out/breast_cancer.hnet --data examples/breast_cancer/breast_cancer.csv --dir out'
./build/heaviside verify out/breast_cancer.hnet --data examples/breast_cancer/breast_cancer.csv --dir out
