// Icarus Verilog testbench for a heaviside-generated design (rendered by sim_icarus.cpp with the
// design's sizes and ports; generated, do not edit). It reads the same vector file as the
// Verilator testbench ($fscanf: the inputs, the class, the scores per line), streams it through the
// valid/ready interface with random idle cycles and random backpressure, and checks every output:
// class, scores (when the design has them), order, and the cycle (LATENCY pipeline advances after
// acceptance, one more when the vector waited in the skid buffer). Inputs change only on the
// falling clock edge; outputs are sampled on the rising edge, before the design's registers update.
// Prints the first 10 `mismatch vector <i>: ...` lines and `<N> vectors, <M> mismatches`.
// Run: vvp sim.vvp +vectors=<file> +seed=<n>
`timescale 1ns / 1ps
module tb;
  localparam integer N_IN = @@N_IN@@;
  localparam integer IN_BITS = @@IN_BITS@@;
  localparam integer LATENCY = @@LATENCY@@;
  localparam integer N_SCORES = @@N_SCORES@@;  // scores checked (0: the design has no scores port)
  localparam integer FILE_SCORES = @@FILE_SCORES@@;  // scores per line in the vector file
  localparam integer SW = @@SCORE_BITS@@;
  localparam integer CW = @@CLASS_BITS@@;
  localparam integer RING = @@RING@@;  // > LATENCY + 1: vectors in flight
  localparam integer NSC = N_SCORES > 0 ? N_SCORES : 1;

  reg                     clk = 1'b0;
  reg                     rst = 1'b1;
  reg                     in_valid = 1'b0;
  wire                    in_ready;
  reg  [N_IN*IN_BITS-1:0] in_data = 0;
  wire                    out_valid;
  reg                     out_ready = 1'b0;
  wire [CW-1:0]           out_class;
  wire [NSC*SW-1:0]       out_scores;

@@DUT@@
  always #5 clk = !clk;

  reg [1023:0] path;
  integer fd, r, i, c, seed, n_sent, n_recv, mism, adv, since, due;
  reg have, eof, bad;
  reg signed [63:0] v;
  reg [CW-1:0] cur_cls;
  reg signed [63:0] cur_sc[0:NSC-1];
  reg [CW-1:0] exp_cls[0:RING-1];
  reg signed [63:0] exp_sc[0:RING*NSC-1];
  integer acc_adv[0:RING-1];

  // The next line of the vector file into in_data / cur_cls / cur_sc; sets eof at the end.
  task read_vector;
    begin
      for (i = 0; i < N_IN + 1 + FILE_SCORES && !eof; i = i + 1) begin
        r = $fscanf(fd, "%d", v);
        if (r != 1) eof = 1'b1;
        else if (i < N_IN) in_data[i*IN_BITS+:IN_BITS] = v[IN_BITS-1:0];
        else if (i == N_IN) cur_cls = v[CW-1:0];
        else if (i - N_IN - 1 < N_SCORES) cur_sc[i-N_IN-1] = v;
      end
    end
  endtask

  // At a rising edge: check a delivered output, record an accepted input, count the advance.
  task sample;
    begin
      if (out_valid && out_ready) begin
        bad = n_recv >= n_sent;
        due = LATENCY + (in_ready ? 0 : 1);
        if (!bad) begin
          bad = out_class !== exp_cls[n_recv%RING] || adv - acc_adv[n_recv%RING] != due;
          for (c = 0; c < N_SCORES; c = c + 1)
            if ($signed(out_scores[c*SW+:SW]) !== exp_sc[(n_recv%RING)*NSC+c]) bad = 1'b1;
        end
        if (bad) begin
          mism = mism + 1;
          if (mism <= 10)
            $display("mismatch vector %0d: expected class %0d, got %0d", n_recv, exp_cls[n_recv%RING], out_class);
        end
        n_recv = n_recv + 1;
        since  = 0;
      end
      if (in_valid && in_ready) begin
        exp_cls[n_sent%RING] = cur_cls;
        for (c = 0; c < N_SCORES; c = c + 1) exp_sc[(n_sent%RING)*NSC+c] = cur_sc[c];
        acc_adv[n_sent%RING] = adv;
        n_sent = n_sent + 1;
        have = 1'b0;
      end
      if (in_ready) adv = adv + 1;
      since = since + 1;
    end
  endtask

  initial begin
    if (!$value$plusargs("vectors=%s", path)) begin
      $display("usage: vvp sim.vvp +vectors=<file> +seed=<n>");
      $finish;
    end
    if (!$value$plusargs("seed=%d", seed)) seed = 1;
    fd = $fopen(path, "r");
    if (fd == 0) begin
      $display("cannot open vector file %0s", path);
      $finish;
    end
    {n_sent, n_recv, mism, adv, since} = 0;
    {have, eof} = 2'b00;
    repeat (3) @(posedge clk);
    while (!(eof && !have && n_recv >= n_sent)) begin
      @(negedge clk);
      rst = 1'b0;
      if (!have) in_valid = 1'b0;
      if (!have && !eof) begin
        read_vector;
        have = !eof;
      end
      if (have && !in_valid) in_valid = ($random(seed) & 3) != 0;
      out_ready = ($random(seed) & 3) != 0;
      @(posedge clk);
      sample;
      if (since > LATENCY + 1000) begin
        $display("hang: no output for %0d cycles; %0d of %0d vectors came out", since, n_recv, n_sent);
        mism = mism + (n_sent - n_recv);
        n_recv = n_sent;
        have = 1'b0;
        eof = 1'b1;
      end
    end
    $display("%0d vectors, %0d mismatches", n_sent, mism);
    $finish;
  end
endmodule
