#!/usr/bin/env bash
# Trains, compiles and verifies every bundled example and prints one markdown table row each:
# accuracy (integer network, held-out 25%), neurons, certified duality gap (over the objective and
# over P(0)), training time,
# vectors checked and mismatches for Verilog and C. Usage: bench/examples.sh [build-dir]
set -euo pipefail
cd "$(dirname "$0")/.."
HV=${1:-build}/heaviside
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
echo "| dataset | classes | test acc. (integer) | neurons | gap / objective | gap / P(0) | train time | vectors | Verilog mismatches | C mismatches |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for ds in breast_cancer wine iris; do
  csv=examples/$ds/$ds.csv
  t=$("$HV" train "$csv" -o "$OUT/$ds.hnet")
  v=$("$HV" verify "$OUT/$ds.hnet" --data "$csv" --work "$OUT/$ds")
  classes=$(sed -n 's/.* \([0-9]*\) classes$/\1/p' <<<"$t")
  acc=$(sed -n 's/.*integer train [0-9.]*%  test \([0-9.]*%\).*/\1/p' <<<"$t")
  neurons=$(sed -n 's/.*-> \([0-9]*\) threshold neurons.*/\1/p' <<<"$t")
  gobj=$(sed -n 's/.*duality gap [0-9.e+-]* = \([0-9.e+-]*\) of the objective.*/\1/p' <<<"$t")
  gp0=$(sed -n 's/.* of the objective (\([0-9.e+-]*\) of P(0).*/\1/p' <<<"$t")
  secs=$(sed -n 's/^time: *\([0-9.]* s\)/\1/p' <<<"$t")
  vec=$(sed -n 's/^verilog (verilator): *\([0-9]*\) vectors.*/\1/p' <<<"$v")
  vm=$(sed -n 's/^verilog (verilator): *[0-9]* vectors, \([0-9]*\) mismatches.*/\1/p' <<<"$v")
  cm=$(sed -n 's/^c (cc): *[0-9]* vectors, \([0-9]*\) mismatches.*/\1/p' <<<"$v")
  echo "| $ds | $classes | $acc | $neurons | $gobj | $gp0 | $secs | $vec | $vm | $cm |"
done
