// hv_fold_ctrl: valid/ready control of a folded pipeline (II = FOLD > 1) of STAGES register stages.
// A slot counter runs 0, 1, ..., FOLD-1 and wraps; the datapath computes one slot of every layer
// per clock, and the stage registers and valid bits move (`advance`) only in slot FOLD-1, so every
// stage has FOLD clocks with stable inputs between two advances. A stall only delays the next
// advance to a later slot FOLD-1 (the slots are recomputed from the same inputs).
// The last stage register holds its vector until it is taken: out_valid = the last valid bit and
// not yet taken; `taken` is set by the handshake and cleared by the next advance, so no vector is
// delivered twice. No skid register is needed.
//   SKID = 1: advance = (slot == FOLD-1) && !out_valid: in_ready is a function of registers only
//             (no path from out_ready); with out_ready high a result is taken in the clock after
//             it appears, so one vector still enters every FOLD clocks.
//   SKID = 0: advance = (slot == FOLD-1) && (!out_valid || out_ready) (combinational in out_ready).
// rst is synchronous and active high; it clears the valid bits, `taken` and the slot counter. While
// rst is high in_ready is low, so a vector offered during reset is not taken.
module hv_fold_ctrl #(
    parameter integer STAGES = 2,
    parameter integer W      = 1,
    parameter integer FOLD   = 2,
    parameter integer SB     = 1,
    parameter integer SKID   = 1
) (
    input  wire          clk,
    input  wire          rst,
    input  wire          in_valid,
    output wire          in_ready,
    output wire          out_valid,
    input  wire          out_ready,
    output wire          advance,
    output reg  [SB-1:0] slot,
    input  wire [W-1:0]  pipe_data,
    output wire [W-1:0]  out_data
);
  reg  [STAGES-1:0] valid;
  reg               taken;
  wire              last = {{(32 - SB) {1'b0}}, slot} == FOLD - 1;

  assign out_valid = valid[STAGES-1] && !taken;
  assign out_data  = pipe_data;
  assign in_ready  = advance && !rst;

  generate
    if (SKID != 0) begin : g_registered
      assign advance = last && !out_valid;
    end else begin : g_enable
      assign advance = last && (!out_valid || out_ready);
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

  always @(posedge clk) begin
    if (rst) slot <= {SB{1'b0}};
    else slot <= last ? {SB{1'b0}} : slot + 1'b1;
  end
  always @(posedge clk) begin
    if (rst || advance) taken <= 1'b0;
    else if (out_valid && out_ready) taken <= 1'b1;
  end
endmodule
