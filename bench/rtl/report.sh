#!/usr/bin/env bash
# Resources and speed of the generated Verilog for every bundled dataset (examples/*/*.csv):
# trains with default settings, then `heaviside report` (Yosys synth_xilinx and synth_ice40,
# nextpnr-ice40 on an HX8K for Fmax). Prints one markdown table row per dataset.
# Usage: bench/rtl/report.sh [build-dir] [extra report options, e.g. --pipeline-levels 2]
set -euo pipefail
cd "$(dirname "$0")/../.."
HV=$(realpath "${1:-build}")/heaviside
shift || true
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
field() { sed -n "s/.*\"$1\": \([^,}]*\).*/\1/p" "$2" | head -1 | tr -d '"'; }

echo "| dataset | test acc. (integer) | neurons | LUT (xc7) | FF (xc7) | iCE40 LUT4 | iCE40 Fmax | latency (cycles) |"
echo "|---|---|---|---|---|---|---|---|"
for csv in examples/*/*.csv; do
  ds=$(basename "$csv" .csv)
  t=$("$HV" train "$csv" -o "$T/$ds.hnet")
  acc=$(sed -n 's/.*integer train [0-9.]*%  test \([0-9.]*%\).*/\1/p' <<<"$t")
  "$HV" report "$T/$ds.hnet" --work "$T/$ds" --json "$T/$ds.json" "$@" >/dev/null
  j="$T/$ds.json"
  fmax=$(field fmax_mhz "$j")
  if [ "$fmax" = null ]; then fmax=$(field status "$j"); else fmax="$fmax MHz"; fi
  echo "| $ds | $acc | $(field neurons "$j") | $(field lut "$j") | $(field ff "$j") | $(field lut4 "$j") | $fmax | $(field latency_cycles "$j") |"
done
# TODO(fashion-mnist): needs the IDX reader and trainer scaling being built separately; then add
# /usr/share/datasets/fashion-mnist here (package dataset-fashion-mnist).
echo "| fashion-mnist | TODO: IDX reader pending | | | | | | |"
