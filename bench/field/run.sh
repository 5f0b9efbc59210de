#!/usr/bin/env bash
# The field benchmark (issue 11): test accuracy against xc7 LUTs on the bundled datasets,
# UNSW-NB15 (stratified 80/20, seed 1), Fashion-MNIST and MNIST (standard 60k/10k), heaviside's
# settings beside scikit-learn decision trees (depth 2-10, same 8-bit inputs, same Yosys flow) and
# LogisticRegression; table in out/field/table.md, plots in docs/img/field_<dataset>.png.
# Usage: bench/field/run.sh [--quick] [--pnr] [dataset ...]
#   --quick  10k training rows for the large sets, fewer and shorter settings (the CPU-scarce run)
#   --pnr    nextpnr-ice40 for Fmax (slow)
# Runs under nice; every figure in docs/FIELD_RESULTS.md comes from this script.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
exec nice -n 10 /usr/bin/python3 "$here/field.py" "$@"
