#!/usr/bin/env bash
# Resources and speed of the generated Verilog: for every bundled dataset (examples/*/*.csv, the
# same 25% stratified hold-out as `heaviside train`) and for Fashion-MNIST (the standard 60k/10k
# split, package dataset-fashion-mnist), trains a model, then runs `heaviside report` (Yosys
# synth_xilinx and synth_ice40, nextpnr-ice40 on an HX8K for Fmax). One markdown row per model.
# Two training configurations, the same options on every dataset:
#   sparse ternary  `--dictionary sparse --fan-in 4 --weight-bits 2` (at most 4 inputs per neuron,
#                   each weight -1 or +1: the hardware-friendly dictionary), on every dataset;
#   default         `heaviside train <data>` (the paper's Gaussian directions: dense 8-bit
#                   first-layer weights), on the datasets of HV_REPORT_DENSE (default: the README's
#                   breast_cancer, iris and wine; dense designs of 60 inputs take Yosys an hour).
# Fashion-MNIST is trained sparse ternary with a neuron budget (`--max-neurons 200`, 8-bit output
# weights): its default network (784 dense inputs per neuron, ~1700 neurons) is far beyond any
# iCE40 and takes Yosys hours.
# Usage: bench/rtl/report.sh [build-dir] [extra report options, e.g. --pipeline-levels 2]
#   HV_REPORT_DATASETS=iris,wine limits the datasets (fashion-mnist is one of the names);
#   HV_REPORT_DENSE=all trains the default configuration on every dataset.
set -euo pipefail
cd "$(dirname "$0")/../.."
HV=$(realpath "${1:-build}")/heaviside
shift || true
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
field() { sed -n "s/.*\"$1\": \([^,}]*\).*/\1/p" "$2" | head -1 | tr -d '"'; }
SPARSE=(--dictionary sparse --fan-in 4 --weight-bits 2)
FM=/usr/share/datasets/fashion-mnist

wanted() { [ -z "${HV_REPORT_DATASETS:-}" ] || [[ ",$HV_REPORT_DATASETS," == *",$1,"* ]]; }
DENSE=${HV_REPORT_DENSE:-breast_cancer,iris,wine}
dense() { [ "$DENSE" = all ] || [[ ",$DENSE," == *",$1,"* ]]; }

# row <dataset> <configuration name> <train arguments...>
row() {
  local ds=$1 conf=$2 tag
  shift 2
  tag="$ds-${conf// /_}"
  local t
  t=$("$HV" train "$@" -o "$T/$tag.hnet")
  local acc
  acc=$(sed -n 's/.*integer train [0-9.]*%  test \([0-9.]*%\).*/\1/p' <<<"$t")
  "$HV" report "$T/$tag.hnet" --work "$T/$tag" --json "$T/$tag.json" "${REPORT_ARGS[@]}" >/dev/null
  local j="$T/$tag.json" fmax
  fmax=$(field fmax_mhz "$j")
  if [ "$fmax" = null ]; then fmax=$(field status "$j"); else fmax="$fmax MHz"; fi
  echo "| $ds | $conf | $acc | $(field neurons "$j") | $(field lut "$j") | $(field lut6 "$j") | $(field ff "$j") |" \
       "$(field lut4 "$j") | $fmax | $(field latency_cycles "$j") |"
}

REPORT_ARGS=("$@")
echo "| dataset | training | test acc. (integer) | neurons | LUT (xc7) | of which LUT6 | FF (xc7) | iCE40 LUT4 | iCE40 Fmax | latency (cycles) |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for csv in examples/*/*.csv; do
  ds=$(basename "$csv" .csv)
  wanted "$ds" || continue
  if dense "$ds"; then row "$ds" default "$csv"; fi
  row "$ds" "sparse ternary" "$csv" "${SPARSE[@]}"
done
if wanted fashion-mnist; then
  if [ -f "$FM/train-images-idx3-ubyte.gz" ]; then
    row fashion-mnist "sparse ternary, 200 neurons" "$FM/train-images-idx3-ubyte.gz" \
        --test "$FM/t10k-images-idx3-ubyte.gz" "${SPARSE[@]}" --max-neurons 200 --output-bits 8
  else
    echo "report.sh: $FM not found; install it with scripts/install-deps.sh --bench" >&2
    exit 1
  fi
fi
echo "machine: $(nproc) cores, Yosys $(yosys -V | cut -d' ' -f2), load average $(cut -d' ' -f1-3 /proc/loadavg)"
