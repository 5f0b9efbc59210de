#!/usr/bin/env bash
# Speed of the Verilog check on the bundled example (breast_cancer), medians of RUNS runs:
#  - model -> verified Verilog: `heaviside verify --target verilog` in a fresh work directory
#    (RTL emission, 10k+ vectors with their reference outputs, Verilator build, simulation),
#    with Verilator's runtime objects cached (the normal case) and with an empty cache;
#  - simulation rate: vectors per second of the built testbench on 1,000,000 vectors, with the
#    default random stalls (25% on each handshake) and with none.
# Usage: bench/rtl/speed.sh [build-dir] [runs]
set -euo pipefail
cd "$(dirname "$0")/../.."
HV=$(realpath "${1:-build}")/heaviside
RUNS=${2:-3}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
CSV=examples/breast_cancer/breast_cancer.csv
"$HV" train "$CSV" -o "$T/bc.hnet" >/dev/null

median() { sort -g | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
seconds() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null; t1=$(date +%s.%N); echo "$t1 - $t0" | bc -l; }

for cache in warm cold; do
  for r in $(seq "$RUNS"); do
    if [ $cache = cold ]; then rm -rf "$T/cache"; fi
    HV_CACHE_DIR="$T/cache" seconds "$HV" verify "$T/bc.hnet" --data "$CSV" --target verilog --work "$T/v$cache$r"
  done | median | xargs printf "model -> verified Verilog (%s runtime cache): %.1f s (median of $RUNS)\n" $cache
done

HV_CACHE_DIR="$T/cache" "$HV" verify "$T/bc.hnet" --target verilog --random 1000000 --work "$T/big" >/dev/null
for stalls in 25 0; do
  for r in $(seq "$RUNS"); do
    HV_STALL_PERCENT=$stalls "$T/big/verilog/obj_dir/Vhv_dut" "$T/big/vectors.txt" "$r" 2>&1 >/dev/null |
      sed -n 's/.*(\([0-9]*\) vectors\/s).*/\1/p'
  done | median | xargs printf "simulation, %s%% stalls: %'d vectors/s (median of $RUNS)\n" $stalls
done
