// The top of the Verilator testbench around @@TOP@@ (rendered by sim_verilog.cpp for tb_main.cpp; not part
// of the design). Every port of the design passes through unchanged except the data input, which
// the design reads from a register that tb_main.cpp loads with a rising edge on tb_load, given
// exactly when it drives a new vector, during the clock's low phase. The design therefore sees the
// same value at every rising clock edge as when the port is driven directly (the testbench holds
// the data between vectors either way). Why: Verilator re-evaluates all logic that reads a
// top-level input on every eval(), twice per clock; behind this register, the first layer is
// evaluated once per vector (bench/rtl/speed.sh, docs/VERILOG.md).
/* verilator lint_off DECLFILENAME */
module @@TB_TOP@@ (
    input  wire tb_load,
@@PORTS@@
);
  reg [@@DATA_MSB@@:0] tb_data_q;
  always @(posedge tb_load) tb_data_q <= @@DATA_PORT@@;

  @@TOP@@ u_dut (
@@CONNECTIONS@@
  );
endmodule
