// hv_pipe_ctrl: valid/ready control of a global-enable pipeline of STAGES register stages, with an
// optional skid buffer on its output. Every data register loads when `advance` is high, and the
// valid bits shift with it, so a vector is accepted exactly when in_valid && in_ready and order is
// kept (a shift register cannot reorder or duplicate).
//   SKID = 0: advance = !out_valid || out_ready. A held output is never overwritten; in_ready
//             depends combinationally on out_ready.
//   SKID = 1: advance = !skid_valid, a register. When the last stage holds a vector that the
//             consumer refuses, the pipeline still advances once and the vector waits in the skid
//             register, shown on the output until taken; the pipeline then resumes. No path from
//             out_ready to in_ready or to the data enables; costs W flip-flops.
// A vector accepted on advance k leaves on advance k + STAGES, or, when it waited in the skid
// register, on the first clock after that advance where out_ready is high.
// rst is synchronous and active high; it clears the valid bits only (data needs no reset). While
// rst is high in_ready is low, so a vector offered during reset is not taken (no handshake happens)
// and stays with the producer; in_ready then depends combinationally on rst.
module hv_pipe_ctrl #(
    parameter integer STAGES = 2,
    parameter integer W      = 1,
    parameter integer SKID   = 1
) (
    input  wire         clk,
    input  wire         rst,
    input  wire         in_valid,
    output wire         in_ready,
    output wire         out_valid,
    input  wire         out_ready,
    output wire         advance,
    input  wire [W-1:0] pipe_data,
    output wire [W-1:0] out_data
);
  reg  [STAGES-1:0] valid;
  wire              pipe_valid = valid[STAGES-1];

  assign in_ready = advance && !rst;

  generate
    if (SKID != 0) begin : g_skid
      reg         skid_valid;
      reg [W-1:0] skid_data;
      assign advance   = !skid_valid;
      assign out_valid = skid_valid || pipe_valid;
      assign out_data  = skid_valid ? skid_data : pipe_data;
      always @(posedge clk) begin
        if (rst) skid_valid <= 1'b0;
        else if (skid_valid) skid_valid <= !out_ready;
        else skid_valid <= pipe_valid && !out_ready;
      end
      always @(posedge clk) begin
        if (!skid_valid) skid_data <= pipe_data;
      end
    end else begin : g_enable
      assign advance   = !pipe_valid || out_ready;
      assign out_valid = pipe_valid;
      assign out_data  = pipe_data;
    end
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
