// hv_argmax: index of the largest of N signed W-bit scores (score c at bits [c*W +: W]); ties go
// to the LOWEST index, as the integer contract requires: a later score replaces the running best
// only when strictly greater. Combinational, a linear scan of N-1 comparators (a balanced tree is
// a later refinement). CW must be wide enough to hold N-1; N >= 2.
module hv_argmax #(
    parameter integer N  = 3,
    parameter integer W  = 8,
    parameter integer CW = 2
) (
    input  wire [N*W-1:0] scores,
    output reg  [CW-1:0]  index
);
  reg     [W-1:0] best;
  integer         c;

  always @* begin
    best  = scores[0 +: W];
    index = {CW{1'b0}};
    for (c = 1; c < N; c = c + 1) begin
      if ($signed(scores[c*W +: W]) > $signed(best)) begin
        best  = scores[c*W +: W];
        index = c[CW-1:0];
      end
    end
  end
endmodule
