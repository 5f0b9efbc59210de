#!/usr/bin/env bash
# Speed of the Verilog check on the bundled example (breast_cancer), medians of RUNS runs:
#  - model -> verified Verilog: `heaviside verify --target verilog` in a fresh work directory
#    (RTL emission, 10k+ vectors with their reference outputs, Verilator build, simulation),
#    with Verilator's runtime objects cached (the normal case) and with an empty cache;
#  - simulation rate: vectors per second of the built testbench on 1,000,000 vectors, with the
#    default random stalls (25% on each handshake) and with none, per second of wall-clock time and
#    per second of the process's CPU time (the latter does not depend on other jobs on the machine).
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
# "<wall> <cpu>" seconds of a command; cpu = user + system time of it and its children (g++, make).
seconds() {
  local TIMEFORMAT='%R %U %S' t
  t=$({ time "$@" >/dev/null 2>&1; } 2>&1)
  awk '{printf "%.2f %.2f\n", $1, $2 + $3}' <<<"$t"
}

for cache in warm cold; do
  for r in $(seq "$RUNS"); do
    if [ $cache = cold ]; then rm -rf "$T/cache"; fi
    HV_CACHE_DIR="$T/cache" seconds "$HV" verify "$T/bc.hnet" --data "$CSV" --target verilog --work "$T/v$cache$r"
  done >"$T/times"
  printf "model -> verified Verilog (%s runtime cache): %.1f s wall-clock, %.1f s CPU (medians of $RUNS)\n" $cache \
    "$(cut -d' ' -f1 "$T/times" | median)" "$(cut -d' ' -f2 "$T/times" | median)"
done

HV_CACHE_DIR="$T/cache" "$HV" verify "$T/bc.hnet" --target verilog --random 1000000 --work "$T/big" >/dev/null
for stalls in 25 0; do
  for r in $(seq "$RUNS"); do
    HV_STALL_PERCENT=$stalls "$T/big/verilog/obj_dir/Vhv_dut" "$T/big/vectors.txt" "$r" 2>&1 >/dev/null
  done >"$T/rates"
  wall=$(sed -n 's/.*(\([0-9]*\) vectors\/s).*/\1/p' "$T/rates" | median)
  cpu=$(sed -n 's/.*(\([0-9]*\) vectors per CPU second).*/\1/p' "$T/rates" | median)
  printf "simulation, %s%% stalls: %'d vectors/s wall-clock, %'d vectors per CPU second (medians of $RUNS)\n" \
    "$stalls" "$wall" "$cpu"
done
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
