// The AXI4-Lite register block (`--axi-lite`, <module>_regs): a Verilog testbench, built with
// Verilator (--binary --timing), streams vectors through a folded design with idle input cycles and
// backpressure while the block watches its handshake, then reads every register through the
// AXI4-Lite handshake, back to back (one read a clock), reads an unmapped address (SLVERR, data 0)
// and writes (SLVERR, nothing changes). The testbench prints what it saw; the checks are here:
// the hash, LATENCY, II and sizes equal the plan's, the counters equal the testbench's own counts.
#include <catch2/catch.hpp>

#include <filesystem>
#include <map>
#include <sstream>
#include <string>

#include "backends/verilog/emit_verilog.hpp"
#include "backends/verilog/prepare_verilog.hpp"
#include "support/cli.hpp"
#include "verilator/verilog_nets.hpp"

namespace fs = std::filesystem;

namespace {

// Drives inputs on the falling edge, samples on the rising edge. `M` is the design's module.
std::string testbench(const std::string& m, int in_width) {
  std::string w = std::to_string(in_width);
  return R"(`timescale 1ns / 1ps
module tb;
  reg clk = 1'b0, rst = 1'b1;
  always #5 clk = !clk;
  reg in_valid = 1'b0, out_ready = 1'b0;
  reg [)" + w + R"(-1:0] in_data = 0;
  wire in_ready, out_valid;
  wire [7:0] out_class_w;
  )" + m + R"( dut (.clk(clk), .rst(rst), .in_valid(in_valid), .in_ready(in_ready), .in_data(in_data),
      .out_valid(out_valid), .out_ready(out_ready), .out_class(out_class_w[0]));
  assign out_class_w[7:1] = 7'd0;
  reg [5:0] araddr = 0, awaddr = 0;
  reg arvalid = 1'b0, rready = 1'b0, awvalid = 1'b0, wvalid = 1'b0, bready = 1'b0;
  reg [31:0] wdata = 32'hffffffff;
  wire arready, rvalid, awready, wready, bvalid;
  wire [31:0] rdata;
  wire [1:0] rresp, bresp;
  )" + m + R"(_regs regs (.clk(clk), .rst(rst), .mon_in_valid(in_valid), .mon_in_ready(in_ready),
      .mon_out_valid(out_valid), .mon_out_ready(out_ready),
      .s_axil_araddr(araddr), .s_axil_arvalid(arvalid), .s_axil_arready(arready), .s_axil_rdata(rdata),
      .s_axil_rresp(rresp), .s_axil_rvalid(rvalid), .s_axil_rready(rready), .s_axil_awaddr(awaddr),
      .s_axil_awvalid(awvalid), .s_axil_awready(awready), .s_axil_wdata(wdata), .s_axil_wstrb(4'hf),
      .s_axil_wvalid(wvalid), .s_axil_wready(wready), .s_axil_bresp(bresp), .s_axil_bvalid(bvalid),
      .s_axil_bready(bready));

  integer cyc = 0, sent = 0, got = 0, in_stall = 0, out_stall = 0, reads = 0, first = -1, last = -1;
  integer seed = 11;
  reg took = 1'b0, ar_took = 1'b0, aw_took = 1'b0;  // a handshake on the last rising edge
  always @(posedge clk) begin
    cyc <= cyc + 1;
    took <= in_valid && in_ready;
    ar_took <= arvalid && arready;
    aw_took <= awvalid && awready;
    if (!rst) begin
      if (in_valid && in_ready) sent <= sent + 1;
      if (out_valid && out_ready) got <= got + 1;
      if (in_valid && !in_ready) in_stall <= in_stall + 1;
      if (out_valid && !out_ready) out_stall <= out_stall + 1;
    end
    if (rvalid && rready) begin
      $display("R %0d %0d %0d", reads, rdata, rresp);
      reads <= reads + 1;
    end
    if (arvalid && arready) begin
      if (first < 0) first <= cyc;
      last <= cyc;
    end
    if (bvalid && bready) $display("B %0d", bresp);
  end

  // From a falling edge: reads `n` registers from byte address `a`, a new address on every clock
  // whose rising edge took the previous one.
  task read_burst(input [5:0] a, input integer n);
    integer k;
    begin
      k = 0;
      rready = 1'b1;
      araddr = a;
      arvalid = 1'b1;
      while (k < n) begin
        @(negedge clk);
        if (ar_took) begin
          k = k + 1;
          araddr = araddr + 6'd4;
          if (k == n) arvalid = 1'b0;
        end
      end
      repeat (3) @(negedge clk);
    end
  endtask

  initial begin
    repeat (3) @(negedge clk);
    rst = 1'b0;
    while (sent < 20) begin
      @(negedge clk);
      if (!in_valid || took) begin
        in_valid = sent < 20 && ($random(seed) & 3) != 0;
        in_data = {$random(seed), $random(seed), $random(seed), $random(seed)};
      end
      out_ready = ($random(seed) & 3) == 0;
    end
    @(negedge clk) in_valid = 1'b0;
    while (got < sent) @(negedge clk) out_ready = ($random(seed) & 1) != 0;
    out_ready = 1'b0;
    @(negedge clk);
    $display("OBS %0d %0d %0d %0d", sent, got, in_stall, out_stall);
    read_burst(6'd0, 11);
    $display("BURST %0d %0d", first, last);
    read_burst(6'h3c, 1);
    awaddr = 6'h1c;
    awvalid = 1'b1;
    wvalid = 1'b1;
    bready = 1'b1;
    @(negedge clk);
    while (!aw_took) @(negedge clk);
    awvalid = 1'b0;
    wvalid = 1'b0;
    repeat (3) @(negedge clk);
    read_burst(6'h1c, 1);
    $display("DONE");
    $finish;
  end
endmodule
)";
}

}  // namespace

TEST_CASE("axi-lite: registers read through the handshake, back to back, writes and holes answer SLVERR",
          "[verilog][axil]") {
  hv::Network net = hvtest::binary_net();  // 4 features of 8 bits: in_data fits the testbench's 128 bits
  hv::VerilogOptions o;
  o.axi_lite = true;
  o.fold = 2;
  hv::VerilogPlan p = hv::prepare_verilog(net, o);
  fs::path dir = hvtest::scratch("axil");
  fs::path rtl = hv::emit_verilog(net, dir, o)[0];
  hvtest::write(dir / "tb.v", testbench(p.module, p.in_width));
  auto lint = hvtest::run("verilator --lint-only -Wall --top-module " + p.module + "_regs " + rtl.string());
  INFO(lint.out);
  CHECK(lint.out.empty());
  auto build = hvtest::run("cd " + dir.string() + " && verilator --binary --timing -Wno-fatal -Wno-lint -Wno-style " +
                           "--top-module tb -o tb tb.v " + rtl.filename().string() + " 2>&1");
  INFO(build.out);
  REQUIRE(build.code == 0);
  auto r = hvtest::run(dir.string() + "/obj_dir/tb");
  INFO(r.out);
  REQUIRE(r.out.find("DONE") != std::string::npos);
  std::istringstream in(r.out);
  std::map<int, std::pair<uint64_t, int>> reads;  // read index -> (data, resp)
  int sent = -1, got = -1, in_stall = -1, out_stall = -1, first = -1, last = -1, bresp = -1;
  for (std::string line; std::getline(in, line);) {
    std::istringstream ls(line);
    std::string tag;
    ls >> tag;
    if (tag == "R") {
      int k, resp;
      uint64_t data;
      ls >> k >> data >> resp;
      reads[k] = {data, resp};
    } else if (tag == "OBS") {
      ls >> sent >> got >> in_stall >> out_stall;
    } else if (tag == "BURST") {
      ls >> first >> last;
    } else if (tag == "B") {
      ls >> bresp;
    }
  }
  REQUIRE(reads.size() == 13);
  uint64_t hash = std::stoull(p.hash_hex, nullptr, 16);
  for (int k = 0; k < 11; ++k) CHECK(reads[k].second == 0);
  CHECK(reads[0].first == (hash & 0xffffffffu));
  CHECK(reads[1].first == (hash >> 32));
  CHECK(reads[2].first == static_cast<uint64_t>(p.latency_cycles));
  CHECK(reads[3].first == 2);
  CHECK(reads[4].first == static_cast<uint64_t>(p.n_in));
  CHECK(reads[5].first == static_cast<uint64_t>(p.in_bits));
  CHECK(reads[6].first == static_cast<uint64_t>(p.n_classes));
  CHECK(sent == 20);
  CHECK(got == 20);
  CHECK(in_stall > 0);   // II = 2 and backpressure: the design refused offered vectors
  CHECK(out_stall > 0);  // and results waited
  CHECK(reads[7].first == static_cast<uint64_t>(sent));
  CHECK(reads[8].first == static_cast<uint64_t>(got));
  CHECK(reads[9].first == static_cast<uint64_t>(in_stall));
  CHECK(reads[10].first == static_cast<uint64_t>(out_stall));
  CHECK(last - first == 10);  // 11 addresses taken on 11 consecutive clocks
  CHECK(reads[11].first == 0);  // unmapped 0x3c
  CHECK(reads[11].second == 2);  // SLVERR
  CHECK(bresp == 2);             // the write is refused
  CHECK(reads[12].first == static_cast<uint64_t>(sent));  // and changed nothing
  CHECK(reads[12].second == 0);
}
