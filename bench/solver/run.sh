#!/usr/bin/env bash
# Issue 3's solver benchmark. Side by side in one run, on the same dictionary and beta:
# heaviside vs scikit-learn's Lasso vs glmnet at n = P = 1e3, 3e3, 1e4 (time to reach heaviside's
# certified objective, medians of 3), then heaviside alone at n = P = 1e5 (time per beta, peak
# memory), then the multi-class rows (below). Needs scripts/install-deps.sh --bench.
# Usage: bench/solver/run.sh [build-dir]
set -euo pipefail
cd "$(dirname "$0")/../.."
B=${1:-build}/bench/bench_solver
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
echo "| n = P | beta/beta_max | heaviside (s) | rel. gap | sklearn (s) | glmnet (s) | sklearn / heaviside | glmnet / heaviside |"
echo "|---|---|---|---|---|---|---|---|"
for size in 1000 3000 10000; do
  for frac in 0.1 0.01; do
    ours=$("$B" --n $size --P $size --beta-frac $frac --export "$TMP")
    sk=$(/usr/bin/python3 bench/solver/sklearn_lasso.py "$TMP")
    gl=$(Rscript bench/solver/glmnet.R "$TMP")
    /usr/bin/python3 - "$size" "$frac" "$ours" "$sk" "$gl" <<'PY'
import json, sys
size, frac = sys.argv[1], sys.argv[2]
o, s, g = (json.loads(a) for a in sys.argv[3:6])
def peer(p):
    mark = "" if p["rel_subopt"] <= 1e-6 else " (not reached: %.1e)" % p["rel_subopt"]
    return "%.3f%s" % (p["time_median_s"], mark)
h = o["time_median_s"]
print("| %s | %s | %.3f | %.1e | %s | %s | %.1fx | %.1fx |" % (size, frac, h, o["rel_gap"], peer(s), peer(g),
      s["time_median_s"] / h, g["time_median_s"] / h))
PY
    rm -f "$TMP"/*
  done
done
echo
echo "n = P = 100000 (heaviside only; peers cannot hold the 80 GB dense matrix):"
for frac in 0.1 0.01; do
  "$B" --n 100000 --P 100000 --beta-frac $frac --repeat 1
done

# Multi-class rows (issue 12), side by side on the same dictionary and beta: heaviside (automatic
# inner solver) and its coordinate descent alone, scikit-learn's MultiTaskLasso on OpenBLAS
# (OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE unset for it) and glmnet mgaussian fitting its own path;
# each peer timed to heaviside's certified objective within 1e-6 (one fit per tolerance, 300 s
# budget each). Then MNIST: 10 classes, 5,000 bit-packed columns, a 20-point path to 1e-3 beta_max.
M=${1:-build}/bench/bench_multiclass
echo
echo "vowel (11 classes), Gaussian dictionary P = 2000, beta = 0.005 beta_max, relative gap 1e-6:"
"$M" --data examples/vowel/vowel.csv --P 2000 --beta-frac 0.005 --tol 1e-6 --export "$TMP"
timeout 600 "$M" --data examples/vowel/vowel.csv --P 2000 --beta-frac 0.005 --tol 1e-6 --inner cd || echo '{"inner": "cd", "stopped": "600 s"}'
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 bench/solver/sklearn_multitask.py "$TMP" 300
Rscript bench/solver/glmnet_mgaussian.R "$TMP" 300
rm -f "$TMP"/*
echo
echo "MNIST (10 classes), 5,000 sparse-direction columns, 20-point path to 1e-3 beta_max:"
"$M" --data "${MNIST:-/work/shared/data/mnist/train-images-idx3-ubyte.gz}" --dictionary sparse-explicit --P 5000 \
  --beta-frac 1e-3 --path 20 --tol 1e-6
