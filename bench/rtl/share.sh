#!/usr/bin/env bash
# What sharing buys: for each dataset, trains the sparse ternary model of bench/rtl/report.sh
# (`--dictionary sparse --fan-in 4 --weight-bits 2`, where many neurons repeat a weight row with
# another bias), compiles it to Verilog with tree sharing (`--share-trees on`: one adder tree per
# distinct row, a constant comparator per neuron) and with `--share-trees off --skip-pass
# share_rows` (a tree per neuron, the default but for the pass), and synthesizes both with Yosys (synth_xilinx -flatten: LUT1..LUT6 summed;
# synth_ice40: SB_LUT4). One markdown row per dataset, both designs side by side; "trees" is the
# number of first-layer adder trees built with sharing.
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

echo "| dataset | neurons (layer 1) | trees | xc7 LUT without | xc7 LUT with | change | iCE40 LUT4 without | iCE40 LUT4 with | change |"
echo "|---|---|---|---|---|---|---|---|---|"
for ds in ${DATASETS//,/ }; do
  "$HV" train "examples/$ds/$ds.csv" --dictionary sparse --fan-in 4 --weight-bits 2 -o "$T/$ds.hnet" >/dev/null
  "$HV" compile "$T/$ds.hnet" --target verilog --share-trees on -o "$T/with" >/dev/null
  "$HV" compile "$T/$ds.hnet" --target verilog --share-trees off --skip-pass share_rows -o "$T/without" >/dev/null
  trees=$(grep -c '^  // h1_[0-9]*_z: ' "$T/with/$ds.v" || true)
  neurons=$(sed -n "s/^layer threshold [0-9]* \([0-9]*\)$/\1/p" "$T/$ds.hnet" | head -1)
  read -r xw iw < <(luts "$T/without/$ds.v" "$ds")
  read -r x i < <(luts "$T/with/$ds.v" "$ds")
  pct() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%+.1f%%", (b - a) * 100 / a}'; }
  echo "| $ds | ${neurons:-?} | ${trees:-?} | $xw | $x | $(pct "$xw" "$x") | $iw | $i | $(pct "$iw" "$i") |"
done
