#!/usr/bin/env bash
# What sharing identical weight rows buys (compiler/passes/share_rows.cpp): for each dataset, trains
# the sparse ternary model of bench/rtl/report.sh (`--dictionary sparse --fan-in 4 --weight-bits 2`,
# where many neurons repeat a row), compiles it to Verilog with the pass and with
# `--skip-pass share_rows`, and synthesizes both with Yosys (synth_xilinx -flatten: LUT1..LUT6
# summed; synth_ice40: SB_LUT4). One markdown row per dataset, both designs side by side.
# Usage: bench/rtl/share.sh [build-dir] [datasets, default glass,vehicle]
set -euo pipefail
cd "$(dirname "$0")/../.."
HV=$(realpath "${1:-build}")/heaviside
DATASETS=${2:-glass,vehicle}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

# luts <file.v> <top>: "<xc7 LUTs> <iCE40 LUT4>"
luts() {
  yosys -q -p "read_verilog $1; synth_xilinx -flatten -top $2; tee -q -o $T/x.txt stat" >/dev/null
  yosys -q -p "read_verilog $1; synth_ice40 -top $2; tee -q -o $T/i.txt stat" >/dev/null
  echo "$(awk '$1 ~ /^LUT[1-6]$/ {s += $2} END {print s + 0}' "$T/x.txt") $(awk '$1 == "SB_LUT4" {s += $2} END {print s + 0}' "$T/i.txt")"
}

echo "| dataset | neurons (layer 1) | merged | xc7 LUT without | xc7 LUT with | change | iCE40 LUT4 without | iCE40 LUT4 with | change |"
echo "|---|---|---|---|---|---|---|---|---|"
for ds in ${DATASETS//,/ }; do
  "$HV" train "examples/$ds/$ds.csv" --dictionary sparse --fan-in 4 --weight-bits 2 -o "$T/$ds.hnet" >/dev/null
  with=$("$HV" compile "$T/$ds.hnet" --target verilog -o "$T/with")
  "$HV" compile "$T/$ds.hnet" --target verilog --skip-pass share_rows -o "$T/without" >/dev/null
  merged=$(sed -n 's/^pass: share_rows: \([0-9]*\) duplicate.*/\1/p' <<<"$with")
  neurons=$(sed -n "s/^layer hidden [0-9]* \([0-9]*\)$/\1/p" "$T/$ds.hnet" | head -1)
  read -r xw iw < <(luts "$T/without/$ds.v" "$ds")
  read -r x i < <(luts "$T/with/$ds.v" "$ds")
  pct() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%+.1f%%", (b - a) * 100 / a}'; }
  echo "| $ds | ${neurons:-?} | ${merged:-0} | $xw | $x | $(pct "$xw" "$x") | $iw | $i | $(pct "$iw" "$i") |"
done
