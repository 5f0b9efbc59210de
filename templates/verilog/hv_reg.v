// hv_reg: one pipeline data register of W bits, loaded when the pipeline advances.
// Data registers are not reset: only the valid bits in hv_pipe_ctrl are, and they gate the output.
module hv_reg #(
    parameter integer W = 1
) (
    input  wire         clk,
    input  wire         en,
    input  wire [W-1:0] d,
    output reg  [W-1:0] q
);
  always @(posedge clk) begin
    if (en) q <= d;
  end
endmodule
