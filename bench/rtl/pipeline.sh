#!/usr/bin/env bash
# Pipelining and handshake against area and Fmax for one bundled dataset (default iris, the one
# whose design fits an iCE40 HX8K): `heaviside report` for pipeline levels 0, 1, 2 with the skid
# buffer and with the global enable. Prints a markdown table.
# Usage: bench/rtl/pipeline.sh [build-dir] [dataset]
set -euo pipefail
cd "$(dirname "$0")/../.."
HV=$(realpath "${1:-build}")/heaviside
DS=${2:-iris}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
field() { sed -n "s/.*\"$1\": \([^,}]*\).*/\1/p" "$2" | head -1 | tr -d '"'; }
"$HV" train "examples/$DS/$DS.csv" -o "$T/m.hnet" >/dev/null
echo "| $DS: pipeline levels | handshake | latency | iCE40 LUT4 | iCE40 DFF | LUT (xc7) | FF (xc7) | iCE40 Fmax |"
echo "|---|---|---|---|---|---|---|---|"
for k in 0 1 2; do
  for hs in skid enable; do
    "$HV" report "$T/m.hnet" --pipeline-levels $k --handshake $hs --work "$T/$k$hs" --json "$T/$k$hs.json" >/dev/null
    j="$T/$k$hs.json"
    echo "| $k | $hs | $(field latency_cycles "$j") | $(field lut4 "$j") | $(field dff "$j") | $(field lut "$j") | $(field ff "$j") | $(field fmax_mhz "$j") MHz |"
  done
done
