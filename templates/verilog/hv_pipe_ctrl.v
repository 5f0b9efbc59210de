// hv_pipe_ctrl: valid/ready control of a global-enable pipeline of STAGES register stages.
// Every data register of the pipeline loads when `advance` is high; the valid bits shift with it.
// advance = !out_valid || out_ready, so a held output is never overwritten or dropped, a vector is
// accepted exactly when in_valid && in_ready, and order is kept (a shift register cannot reorder).
// A vector accepted on advance k is presented on out_class and consumed on advance k + STAGES.
// rst is synchronous and active high; it clears the valid bits only (data needs no reset).
module hv_pipe_ctrl #(
    parameter integer STAGES = 2
) (
    input  wire clk,
    input  wire rst,
    input  wire in_valid,
    output wire in_ready,
    output wire out_valid,
    input  wire out_ready,
    output wire advance
);
  reg [STAGES-1:0] valid;

  assign out_valid = valid[STAGES-1];
  assign advance   = !valid[STAGES-1] || out_ready;
  assign in_ready  = advance;

  generate
    if (STAGES == 1) begin : g_one
      always @(posedge clk) begin
        if (rst) valid <= 1'b0;
        else if (advance) valid <= in_valid;
      end
    end else begin : g_many
      always @(posedge clk) begin
        if (rst) valid <= {STAGES{1'b0}};
        else if (advance) valid <= {valid[STAGES-2:0], in_valid};
      end
    end
  endgenerate
endmodule
