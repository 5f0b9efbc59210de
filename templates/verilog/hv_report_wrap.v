// @@MODULE@@_report: a harness for place and route only (written by `heaviside report`; generated,
// do not edit). @@MODULE@@ has @@IN_WIDTH@@ input bits, more than an iCE40 package has pins, so the
// features arrive serially through a shift register and the outputs leave XOR-reduced into one
// register. Every path of the design stays register to register, as in a system that feeds it
// from registers; the harness adds @@IN_WIDTH@@ + 2 flip-flops and a few LUTs.
module @@MODULE@@_report (
    input  wire clk,
    input  wire rst,
    input  wire in_valid,
    output wire in_ready,
    input  wire serial_in,
    output wire out_valid,
    input  wire out_ready,
    output reg  out_bit
);
  reg  [@@IN_WIDTH@@:0] shift;
  wire [@@OUT_MSB@@:0] outputs;

  always @(posedge clk) begin
    shift   <= {shift[@@IN_WIDTH@@-1:0], serial_in};
    out_bit <= ^outputs;
  end

  @@INSTANCE@@
endmodule
