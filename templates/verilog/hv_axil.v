// @@MODULE@@_regs: an AXI4-Lite register block for @@MODULE@@ (generated with it; do not edit).
// Wire it beside the design on the same clock: mon_* are the design's handshake signals
// (in_valid, in_ready, out_valid, out_ready of @@MODULE@@, or the s_axis/m_axis tvalid/tready of
// @@MODULE@@_axis); it only observes them. rst: synchronous, active high, clears the counters and
// any read or write in progress.
// Registers (32 bits, read-only; byte addresses, bits [1:0] of an address are ignored):
//   0x00 MODEL_HASH_LO  bits 31:0 of the model hash (@@HASH@@)
//   0x04 MODEL_HASH_HI  bits 63:32 of the model hash
//   0x08 LATENCY        clocks from acceptance to output with out_ready high (@@LATENCY@@)
//   0x0C II             clocks per vector at most (@@II@@)
//   0x10 N_IN           features per vector (@@N_IN@@)
//   0x14 IN_BITS        bits per feature (@@IN_BITS@@)
//   0x18 N_CLASSES      classes (@@N_CLASSES@@)
//   0x1C VECTORS_IN     vectors accepted (in_valid && in_ready), modulo 2^32
//   0x20 RESULTS_OUT    results delivered (out_valid && out_ready), modulo 2^32
//   0x24 IN_STALLS      clocks with in_valid && !in_ready (the design not ready), modulo 2^32
//   0x28 OUT_STALLS     clocks with out_valid && !out_ready (backpressure), modulo 2^32
// A read of another address answers SLVERR with data 0. Every write is answered with SLVERR and
// changes nothing. Reads may follow back to back (arready = !rvalid || rready); a write is taken
// when both its address and data are valid.
module @@MODULE@@_regs (
    input  wire        clk,
    input  wire        rst,
    input  wire        mon_in_valid,
    input  wire        mon_in_ready,
    input  wire        mon_out_valid,
    input  wire        mon_out_ready,
    input  wire [5:0]  s_axil_araddr,
    input  wire        s_axil_arvalid,
    output wire        s_axil_arready,
    output reg  [31:0] s_axil_rdata,
    output reg  [1:0]  s_axil_rresp,
    output reg         s_axil_rvalid,
    input  wire        s_axil_rready,
    input  wire [5:0]  s_axil_awaddr,
    input  wire        s_axil_awvalid,
    output wire        s_axil_awready,
    input  wire [31:0] s_axil_wdata,
    input  wire [3:0]  s_axil_wstrb,
    input  wire        s_axil_wvalid,
    output wire        s_axil_wready,
    output reg  [1:0]  s_axil_bresp,
    output reg         s_axil_bvalid,
    input  wire        s_axil_bready
);
  localparam [63:0] HASH = 64'h@@HASH@@;
  reg [31:0] vectors_in, results_out, in_stalls, out_stalls;

  always @(posedge clk) begin
    if (rst) begin
      vectors_in  <= 32'd0;
      results_out <= 32'd0;
      in_stalls   <= 32'd0;
      out_stalls  <= 32'd0;
    end else begin
      if (mon_in_valid && mon_in_ready) vectors_in <= vectors_in + 32'd1;
      if (mon_out_valid && mon_out_ready) results_out <= results_out + 32'd1;
      if (mon_in_valid && !mon_in_ready) in_stalls <= in_stalls + 32'd1;
      if (mon_out_valid && !mon_out_ready) out_stalls <= out_stalls + 32'd1;
    end
  end

  // Read channel: one response register; a new address is taken when it is free or being freed.
  reg [31:0] value;
  reg        mapped;
  always @(*) begin
    mapped = 1'b1;
    case (s_axil_araddr[5:2])
      4'd0:    value = HASH[31:0];
      4'd1:    value = HASH[63:32];
      4'd2:    value = 32'd@@LATENCY@@;
      4'd3:    value = 32'd@@II@@;
      4'd4:    value = 32'd@@N_IN@@;
      4'd5:    value = 32'd@@IN_BITS@@;
      4'd6:    value = 32'd@@N_CLASSES@@;
      4'd7:    value = vectors_in;
      4'd8:    value = results_out;
      4'd9:    value = in_stalls;
      4'd10:   value = out_stalls;
      default: begin
        value  = 32'd0;
        mapped = 1'b0;
      end
    endcase
  end
  assign s_axil_arready = !s_axil_rvalid || s_axil_rready;
  always @(posedge clk) begin
    if (rst) begin
      s_axil_rvalid <= 1'b0;
      s_axil_rdata  <= 32'd0;
      s_axil_rresp  <= 2'b00;
    end else if (s_axil_arvalid && s_axil_arready) begin
      s_axil_rvalid <= 1'b1;
      s_axil_rdata  <= value;
      s_axil_rresp  <= mapped ? 2'b00 : 2'b10;
    end else if (s_axil_rready) begin
      s_axil_rvalid <= 1'b0;
    end
  end

  // Write channel: every write is refused with SLVERR (the block is read-only).
  wire unused_write = ^{s_axil_awaddr, s_axil_wdata, s_axil_wstrb, s_axil_araddr[1:0]};
  assign s_axil_awready = s_axil_awvalid && s_axil_wvalid && !s_axil_bvalid;
  assign s_axil_wready  = s_axil_awready;
  always @(posedge clk) begin
    if (rst) begin
      s_axil_bvalid <= 1'b0;
      s_axil_bresp  <= 2'b00;
    end else if (s_axil_awready) begin
      s_axil_bvalid <= 1'b1;
      s_axil_bresp  <= 2'b10;
    end else if (s_axil_bready) begin
      s_axil_bvalid <= 1'b0;
    end
  end
endmodule
