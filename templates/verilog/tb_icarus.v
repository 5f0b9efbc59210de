// Icarus Verilog testbench for a heaviside-generated design (rendered by sim_icarus.cpp with the
// design's sizes and ports; generated, do not edit). It reads the same vector file as the
// Verilator testbench ($fscanf: the inputs per line, nothing else), streams it through the
// valid/ready interface with random idle cycles and random backpressure, and writes every output
// the design delivers to the outputs file (runtime/compare.hpp): the class, the scores (when the
// design has them), the pipeline advances since acceptance, and 1 when the vector waited in the
// skid buffer. It is never given the expected values: the verifier compares. Inputs change only
// on the falling clock edge; outputs are sampled on the rising edge, before the design's
// registers update. A hang (no output for LATENCY + 1000 cycles) ends the run early.
// Run: vvp sim.vvp +vectors=<file> +outputs=<file> +seed=<n> (relative names: 128 bytes at most)
`timescale 1ns / 1ps
module tb;
  localparam integer N_IN = @@N_IN@@;
  localparam integer IN_BITS = @@IN_BITS@@;
  localparam integer LATENCY = @@LATENCY@@;  // pipeline advances from acceptance to output
  localparam integer FOLD = @@FOLD@@;  // clocks per advance at least (II); > 1: no skid buffer
  localparam integer N_SCORES = @@N_SCORES@@;  // scores written (0: the design has no scores port)
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

  reg [1023:0] path, out_path;
  integer fd, fo, r, i, c, seed, n_sent, n_recv, adv, since;
  reg have, eof;
  reg signed [63:0] v;
  integer acc_adv[0:RING-1];

  // The next line of the vector file into in_data; sets eof at the end.
  task read_vector;
    begin
      for (i = 0; i < N_IN && !eof; i = i + 1) begin
        r = $fscanf(fd, "%d", v);
        if (r != 1) eof = 1'b1;
        else in_data[i*IN_BITS+:IN_BITS] = v[IN_BITS-1:0];
      end
    end
  endtask

  // At a rising edge: write a delivered output, record an accepted input, count the advance.
  task sample;
    begin
      if (out_valid && out_ready) begin
        $fwrite(fo, "%0d", out_class);
        for (c = 0; c < N_SCORES; c = c + 1) $fwrite(fo, " %0d", $signed(out_scores[c*SW+:SW]));
        $fwrite(fo, " %0d %0d\n", n_recv < n_sent ? adv - acc_adv[n_recv%RING] : 0, FOLD == 1 && !in_ready ? 1 : 0);
        n_recv = n_recv + 1;
        since  = 0;
      end
      if (in_valid && in_ready) begin
        acc_adv[n_sent%RING] = adv;
        n_sent = n_sent + 1;
        have = 1'b0;
      end
      if (in_ready) adv = adv + 1;
      since = since + 1;
    end
  endtask

  initial begin
    if (!$value$plusargs("vectors=%s", path) || !$value$plusargs("outputs=%s", out_path)) begin
      $display("usage: vvp sim.vvp +vectors=<file> +outputs=<file> +seed=<n>");
      $finish;
    end
    if (!$value$plusargs("seed=%d", seed)) seed = 1;
    fd = $fopen(path, "r");
    if (fd == 0) begin
      $display("cannot open vector file %0s", path);
      $finish;
    end
    fo = $fopen(out_path, "w");
    if (fo == 0) begin
      $display("cannot write outputs file %0s", out_path);
      $finish;
    end
    {n_sent, n_recv, adv, since} = 0;
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
      if (since > LATENCY * FOLD + 1000) begin
        $display("hang: no output for %0d cycles; %0d of %0d vectors came out", since, n_recv, n_sent);
        n_recv = n_sent;
        have = 1'b0;
        eof = 1'b1;
      end
    end
    $fclose(fo);
    $finish;
  end
endmodule
