#!/usr/bin/env bash
# Reproduces the paper's comparison (PAPER.md section 4) with one command: trains every method on
# the synthetic teacher (5 seeds) and the bundled real datasets (bench.py), measures every convex
# model's LUTs (Yosys, bench/paper/luts.py) and AVR cycles, then writes docs/PAPER_RESULTS.md and
# the plots under docs/img/ (report.py). Hours on a shared 2-core machine: the training about 45
# minutes (convex solves stop at --time-limit 150 s), Yosys most of the rest (two processes at
# once, PAPER_YOSYS_JOBS; LUT counts are cached in <build-dir>/paper_luts.json by design text).
# Needs scripts/install-deps.sh --bench (python3-matplotlib, yosys, simavr, avr-gcc).
# Usage: bench/paper/run.sh [build-dir] [--quick]   (--quick: 2 seeds, 3 datasets, for a smoke test)
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${1:-build}
QUICK=${2:-}
cmake --build "$BUILD" -j2 --target heaviside >/dev/null
WORK="$BUILD/paper"
rm -rf "$WORK"
mkdir -p "$WORK"
/usr/bin/python3 bench/paper/bench.py "$BUILD" "$WORK" $QUICK
/usr/bin/python3 bench/paper/report.py "$WORK" docs
echo "wrote docs/PAPER_RESULTS.md and docs/img/paper_*.png"
