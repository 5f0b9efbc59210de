#!/usr/bin/env bash
# Fits the trainer's xc7 LUT cost model (compiler/train/cost_model.cpp) against Yosys
# synth_xilinx: trains a spread of small networks on the bundled datasets (sparse and dense
# neurons, 1-4 inputs per neuron, 2-8-bit first-layer weights, 3-12-bit output weights, 2-40
# neurons, 2-11 classes), synthesizes each with `heaviside report --no-pnr`, and prints per design
# the model's shape features, its current estimate and the synthesized LUTs, then the least-squares
# coefficients and the relative errors of the current model. Usage: bench/field/cost_fit.sh [build dir]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-$root/build}
hv=$build/heaviside
feat=$build/bench/bench_cost_features
work=${HV_COST_WORK:-$root/out/cost_fit}
mkdir -p "$work"
ex=$root/examples
configs=(
  "iris1|$ex/iris/iris.csv|--dictionary sparse --fan-in 2 --weight-bits 3 --max-neurons 6 --output-bits 4"
  "iris2|$ex/iris/iris.csv|--dictionary sparse --fan-in 4 --weight-bits 8 --max-neurons 20 --output-bits 12"
  "bc1|$ex/breast_cancer/breast_cancer.csv|--dictionary sparse --fan-in 1 --weight-bits 2 --max-neurons 16 --output-bits 4"
  "bc2|$ex/breast_cancer/breast_cancer.csv|--dictionary sparse --fan-in 4 --weight-bits 4 --max-neurons 40 --output-bits 8"
  "bc3|$ex/breast_cancer/breast_cancer.csv|--max-neurons 4 --output-bits 6"
  "wine1|$ex/wine/wine.csv|--dictionary sparse --fan-in 3 --weight-bits 3 --max-neurons 12 --output-bits 5"
  "vowel1|$ex/vowel/vowel.csv|--dictionary sparse --fan-in 2 --weight-bits 4 --max-neurons 30 --output-bits 6"
  "glass1|$ex/glass/glass.csv|--dictionary sparse --fan-in 2 --weight-bits 2 --max-neurons 8 --output-bits 3"
)
echo "design,hidden_adder_bits,output_adder_bits,argmax_bits,estimate,xc7_luts"
for c in "${configs[@]}"; do
  IFS='|' read -r name data args <<<"$c"
  # shellcheck disable=SC2086
  "$hv" train "$data" $args -o "$work/$name.hnet" >"$work/$name.train.log"
  "$hv" report "$work/$name.hnet" --no-pnr --work "$work/w_$name" --json "$work/$name.json" >"$work/$name.report.log"
  luts=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["xilinx"]["lut"])' "$work/$name.json")
  row=$("$feat" "$work/$name.hnet")
  echo "$name,${row#*,},$luts"
done | tee "$work/cost_fit.csv"
/usr/bin/python3 - "$work/cost_fit.csv" <<'PY'
import sys, numpy as np
rows = [l.strip().split(',') for l in open(sys.argv[1]) if l.strip()]
X = np.array([[float(r[1]), float(r[2]), float(r[3]), 1.0] for r in rows])
y = np.array([float(r[5]) for r in rows])
est = np.array([float(r[4]) for r in rows])
coef, *_ = np.linalg.lstsq(X, y, rcond=None)
print("least squares: hidden %.4f output %.4f argmax %.4f const %.2f" % tuple(coef))
rel = np.abs(est - y) / y
print("current model: median relative error %.3f, max %.3f" % (np.median(rel), rel.max()))
for r, e in zip(rows, rel):
    print("  %-8s estimate %8.1f  synthesized %6d  error %5.1f%%" % (r[0], float(r[4]), int(r[5]), 100 * e))
PY
