#!/usr/bin/env bash
# Measures how Yosys maps constant coefficients: a neuron summing 8 unsigned 8-bit inputs, each times
# a constant with k nonzero digits in canonical signed digit (CSD) form, written either as a plain
# `*` or as explicit shifts and adds. Prints LUTs per form for synth_ice40 and synth_xilinx -nodsp
# (published FPGA LUT figures use no DSP blocks). prepare_verilog's choice of form rests on this.
# Usage: bench/rtl/mult_form.sh
set -euo pipefail
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

# csd <c>: the nonzero digits of c as "+shift" / "-shift" words.
csd() {
  local c=$1 s=0 out=""
  while [ "$c" -ne 0 ]; do
    if [ $((c & 1)) -eq 1 ]; then
      local d=$((2 - (c & 3)))
      out="$out $( [ $d -gt 0 ] && echo + || echo - )$s"
      c=$((c - d))
    fi
    c=$((c >> 1)); s=$((s + 1))
  done
  echo "$out"
}

# module <form> <coef...>: one registered neuron over 8 inputs.
module() {
  local form=$1; shift
  echo "module m(input wire clk, input wire [63:0] x, output reg signed [23:0] z);"
  local i=0 terms=""
  for c in "$@"; do
    echo "  wire signed [23:0] x$i = \$signed({16'd0, x[$((i * 8 + 7)):$((i * 8))]});"
    if [ "$form" = mul ]; then
      terms="$terms + x$i * 24'sd$c"
    else
      for d in $(csd "$c"); do terms="$terms ${d:0:1} (x$i <<< ${d:1})"; done
    fi
    i=$((i + 1))
  done
  echo "  always @(posedge clk) z <= 24'sd0 $terms;"
  echo "endmodule"
}

luts() {  # luts <file> <synth command>: LUT count
  yosys -q -p "read_verilog $1; $2 -top m; tee -q -o $T/stat.txt stat" >/dev/null
  awk '/SB_LUT4|LUT[1-6] /{n += $2} END {print n + 0}' "$T/stat.txt"
}

echo "| CSD digits | coefficients | ice40 mul | ice40 shift-add | xilinx mul | xilinx shift-add |"
echo "|---|---|---|---|---|---|"
for set in "1:64 32 16 8 4 2 128 1" "2:96 72 40 34 65 127 20 6" "3:93 37 73 81 105 50 19 11" "4:85 107 91 171 45 83 117 109" "5:341 299 363 181 427 469 343 213"; do
  k=${set%%:*}; coefs=${set#*:}
  module mul $coefs > "$T/mul.v"; module csd $coefs > "$T/csd.v"
  echo "| $k | $coefs | $(luts "$T/mul.v" synth_ice40) | $(luts "$T/csd.v" synth_ice40) | $(luts "$T/mul.v" "synth_xilinx -nodsp") | $(luts "$T/csd.v" "synth_xilinx -nodsp") |"
done
