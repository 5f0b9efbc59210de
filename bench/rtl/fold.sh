#!/usr/bin/env bash
# What folding buys: LUTs, II, latency and Fmax against the folding factor k (`--fold k`, II = k).
# Two models: (dense) a default (gaussian dictionary, dense 8-bit weights) model of vehicle
# (18 features, 4 classes) of 276 neurons: `heaviside train examples/vehicle/vehicle.csv
# --beta-rel 0.047` (the validated default keeps 134), (sparse) a sparse ternary model of glass
# (9 features, 6 classes) of 310 neurons: `--dictionary sparse --fan-in 4 --weight-bits 2
# --beta-rel 0.035` (bench/rtl/share.sh's options, a smaller beta). Each design goes
# through `heaviside report` (Yosys synth_xilinx: LUTs, FFs, DSPs; synth_ice40: SB_LUT4; then
# nextpnr-ice40 on the HX8K for Fmax where it fits). One markdown row per (model, k).
# Synthesis of an unfolded large design takes tens of minutes on a shared 2-core machine: pick the
# points with the arguments.
# Usage: bench/rtl/fold.sh [build-dir] [folds, default 1,2,4,8,16] [models, default dense,sparse]
#   HV_FOLD_DENSE / HV_FOLD_SPARSE: an already trained .hnet to use instead of training.
set -euo pipefail
cd "$(dirname "$0")/../.."
HV=$(realpath "${1:-build}")/heaviside
FOLDS=${2:-1,2,4,8,16}
MODELS=${3:-dense,sparse}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

model() {
  case "$1" in
    dense)
      if [ -n "${HV_FOLD_DENSE:-}" ]; then echo "$HV_FOLD_DENSE"; return; fi
      "$HV" train examples/vehicle/vehicle.csv --beta-rel 0.047 -o "$T/dense.hnet" >/dev/null
      echo "$T/dense.hnet" ;;
    sparse)
      if [ -n "${HV_FOLD_SPARSE:-}" ]; then echo "$HV_FOLD_SPARSE"; return; fi
      "$HV" train examples/glass/glass.csv --dictionary sparse --fan-in 4 --weight-bits 2 --beta-rel 0.035 \
        -o "$T/sparse.hnet" >/dev/null
      echo "$T/sparse.hnet" ;;
  esac
}

# field <json> <python expression on j>
field() { python3 -c "import json,sys; j=json.load(open(sys.argv[1])); print($2)" "$1"; }

echo "| model | neurons | k (II) | latency (cycles) | xc7 LUT | xc7 FF | xc7 DSP | iCE40 LUT4 | iCE40 Fmax (HX8K) | synthesis time |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for m in ${MODELS//,/ }; do
  f=$(model "$m")
  for k in ${FOLDS//,/ }; do
    start=$(date +%s)
    "$HV" report "$f" --fold "$k" --device hx8k --json "$T/r.json" --work "$T/work_${m}_$k" >/dev/null
    secs=$(( $(date +%s) - start ))
    fmax=$(field "$T/r.json" "'%.2f MHz' % j['pnr']['fmax_mhz'] if j['pnr']['status'] == 'ok' else j['pnr']['status']")
    echo "| $m | $(field "$T/r.json" "j['neurons']") | $k | $(field "$T/r.json" "j['latency_cycles']") |" \
      "$(field "$T/r.json" "j['xilinx']['lut']") | $(field "$T/r.json" "j['xilinx']['ff']") |" \
      "$(field "$T/r.json" "j['xilinx']['dsp']") | $(field "$T/r.json" "j['ice40']['lut4']") | $fmax | ${secs} s |"
  done
done
