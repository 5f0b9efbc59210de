// hv_max2: one comparator of the argmax tournament. Candidate a holds lower class indices than
// candidate b, so b wins only when its score is strictly greater: ties go to the lowest index, as
// the integer contract requires. Scores are W-bit two's complement. Combinational.
module hv_max2 #(
    parameter integer W  = 8,
    parameter integer CW = 2
) (
    input  wire [W-1:0]  a_score,
    input  wire [CW-1:0] a_index,
    input  wire [W-1:0]  b_score,
    input  wire [CW-1:0] b_index,
    output wire [W-1:0]  score,
    output wire [CW-1:0] index
);
  wire b_wins = $signed(b_score) > $signed(a_score);

  assign score = b_wins ? b_score : a_score;
  assign index = b_wins ? b_index : a_index;
endmodule
