// The stream interface of the generated RTL, in Icarus Verilog with a testbench written here (not
// the verifier's): in_ready is low while rst is high, so a vector offered during reset is neither
// taken nor lost; the AXI4-Stream wrapper passes TLAST through with its vector under random
// backpressure, or, in packet mode, ends a packet every n results; TKEEP is all ones.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "backends/verilog/emit_verilog.hpp"
#include "backends/verilog/prepare_verilog.hpp"
#include "reference.hpp"
#include "support/cli.hpp"
#include "verilator/verilog_nets.hpp"

namespace {

// Vector v of the tests: the net's features from a fixed formula.
std::vector<int64_t> vec(const hv::Network& net, int v) {
  std::vector<int64_t> q;
  for (int i = 0; i < static_cast<int>(net.inputs.size()); ++i) q.push_back((v * 37 + i * 91 + 11) % (net.input_max() + 1));
  return q;
}

// The vector as a Verilog concatenation, feature 0 in the low bits.
std::string packed(const hv::Network& net, const std::vector<int64_t>& q) {
  std::string s = "{";
  for (size_t i = q.size(); i-- > 0;) s += std::to_string(net.input_bits) + "'d" + std::to_string(q[i]) + (i ? ", " : "}");
  return s;
}

// Compiles design + testbench with iverilog and runs it; returns vvp's output.
std::string icarus(const std::string& name, const std::filesystem::path& design, const std::string& tb) {
  auto dir = hvtest::scratch(name);
  hvtest::write(dir / "tb.v", tb);
  auto c = hvtest::run("iverilog -g2012 -o " + (dir / "sim").string() + " " + (dir / "tb.v").string() + " " +
                       design.string());
  INFO(c.out);
  REQUIRE(c.code == 0);
  auto r = hvtest::run("vvp -n " + (dir / "sim").string());
  INFO(r.out);
  REQUIRE(r.code == 0);
  return r.out;
}

}  // namespace

TEST_CASE("rtl: in_ready is low during reset; a vector offered in reset is taken after it", "[verilog][rtl][icarus]") {
  hv::Network net = hvtest::binary_net();
  for (int fold : {1, 3})
  for (bool skid : {true, false}) {
    INFO("skid " << skid << " fold " << fold);
    hv::VerilogOptions o;
    o.skid = skid;
    o.fold = fold;  // folded: hv_fold_ctrl
    std::string tag = (skid ? "skid" : "enable") + std::to_string(fold);
    auto dir = hvtest::scratch("rtl_reset_" + tag);
    auto file = hv::emit_verilog(net, dir, o)[0];
    hv::VerilogPlan p = hv::prepare_verilog(net, o);
    int expect = hv::ref::run(net, vec(net, 1)).cls;
    // rst high for 6 clocks with the vector offered the whole time (the consumer ready): no handshake
    // may happen; after reset the vector is accepted once and its class comes out once.
    std::string tb = R"(`timescale 1ns/1ps
module tb;
  reg clk = 0, rst = 1, in_valid = 1, out_ready = 1;
  reg [31:0] in_data = )" + packed(net, vec(net, 1)) + R"(;
  wire in_ready, out_valid; wire out_class;
  integer cyc = 0, taken_in_reset = 0, ready_in_reset = 0, taken = 0, outs = 0, bad = 0;
  )" + p.module + R"( dut(.clk(clk), .rst(rst), .in_valid(in_valid), .in_ready(in_ready), .in_data(in_data),
      .out_valid(out_valid), .out_ready(out_ready), .out_class(out_class));
  always #5 clk = !clk;
  always @(posedge clk) begin
    cyc <= cyc + 1;
    if (rst && in_ready) ready_in_reset = ready_in_reset + 1;
    if (rst && in_valid && in_ready) taken_in_reset = taken_in_reset + 1;
    if (!rst && in_valid && in_ready) begin taken = taken + 1; in_valid <= 0; end
    if (out_valid && out_ready) begin outs = outs + 1; if (out_class !== 1'd)" + std::to_string(expect) + R"() bad = bad + 1; end
    if (cyc == 6) rst <= 0;
    if (cyc == 40) begin
      $display("RESULT %0d %0d %0d %0d %0d", ready_in_reset, taken_in_reset, taken, outs, bad);
      $finish;
    end
  end
endmodule
)";
    std::string out = icarus("rtl_reset_sim_" + tag, file, tb);
    CHECK(out.find("RESULT 0 0 1 1 0") != std::string::npos);
  }
}

TEST_CASE("rtl: the reset test fails on a design whose in_ready ignores rst", "[verilog][rtl][icarus]") {
  // The check above must be able to fail: the old control (in_ready = advance) takes the vector.
  hv::Network net = hvtest::binary_net();
  auto dir = hvtest::scratch("rtl_reset_old");
  auto file = hv::emit_verilog(net, dir)[0];
  std::string text = hvtest::slurp(file);
  auto at = text.find("assign in_ready = advance && !rst;");
  REQUIRE(at != std::string::npos);
  text.replace(at, 34, "assign in_ready = advance;");
  hvtest::write(file, text);
  std::string m = hv::prepare_verilog(net).module;
  std::string tb = R"(module tb;
  reg clk = 0, rst = 1, in_valid = 1, out_ready = 1;
  wire in_ready, out_valid, out_class;
  integer cyc = 0, taken_in_reset = 0;
  )" + m + R"( dut(.clk(clk), .rst(rst), .in_valid(in_valid), .in_ready(in_ready), .in_data(32'd5),
      .out_valid(out_valid), .out_ready(out_ready), .out_class(out_class));
  always #5 clk = !clk;
  always @(posedge clk) begin
    cyc <= cyc + 1;
    if (rst && in_valid && in_ready) taken_in_reset = taken_in_reset + 1;
    if (cyc == 6) begin $display("TAKEN %0d", taken_in_reset); $finish; end
  end
endmodule
)";
  std::string out = icarus("rtl_reset_old_sim", file, tb);
  CHECK(out.find("TAKEN 0") == std::string::npos);
}

namespace {

// Sends 12 vectors through <module>_axis with tlast pattern `lasts` under pseudo-random idle input
// cycles and backpressure; prints one line "OUT <class> <tlast> <tkeep>" per result beat.
std::string axis_run(const std::string& name, const hv::Network& net, const hv::VerilogOptions& o,
                     const std::vector<int>& lasts) {
  auto dir = hvtest::scratch(name);
  auto file = hv::emit_verilog(net, dir, o)[0];
  hv::VerilogPlan p = hv::prepare_verilog(net, o);
  int mw = (p.out_width + 7) / 8 * 8, sw = (p.in_width + 7) / 8 * 8;
  std::string init;
  for (size_t v = 0; v < lasts.size(); ++v)
    init += "    data[" + std::to_string(v) + "] = " + packed(net, vec(net, static_cast<int>(v))) + "; last[" + std::to_string(v) +
            "] = " + std::to_string(lasts[v]) + ";\n";
  bool keep = mw > 8;
  std::string tb = R"(module tb;
  reg clk = 0, rstn = 0, s_valid = 0, s_last = 0, m_ready = 0;
  reg [)" + std::to_string(sw - 1) + R"(:0] s_data = 0;
  wire s_ready, m_valid, m_last;
  wire [)" + std::to_string(mw - 1) + R"(:0] m_data;
  wire [)" + std::to_string(keep ? mw / 8 - 1 : 0) + R"(:0] m_keep;
  reg [)" + std::to_string(sw - 1) + R"(:0] data [0:)" + std::to_string(lasts.size() - 1) + R"(];
  reg last [0:)" + std::to_string(lasts.size() - 1) + R"(];
  integer sent = 0, got = 0, cyc = 0;
  reg [31:0] lfsr = 32'h1234567;
  )" + p.module + R"(_axis dut(.aclk(clk), .aresetn(rstn), .s_axis_tvalid(s_valid), .s_axis_tready(s_ready),
      .s_axis_tdata(s_data), .s_axis_tlast(s_last), .m_axis_tvalid(m_valid), .m_axis_tready(m_ready),
      .m_axis_tdata(m_data),)" + (keep ? " .m_axis_tkeep(m_keep)," : "") + R"( .m_axis_tlast(m_last));
)" + (keep ? "" : "  assign m_keep = 1'b1;\n") + R"(  initial begin
)" + init + R"(  end
  always #5 clk = !clk;
  always @(negedge clk) begin
    lfsr = {lfsr[30:0], lfsr[31] ^ lfsr[21] ^ lfsr[1] ^ lfsr[0]};
    cyc = cyc + 1;
    if (cyc == 4) rstn = 1;
    m_ready = lfsr[3] | lfsr[7];
    if (!s_valid && sent < )" + std::to_string(lasts.size()) + R"( && lfsr[5]) begin
      s_valid = 1; s_data = data[sent]; s_last = last[sent];
    end
    if (cyc > 400) begin $display("DONE %0d", got); $finish; end
  end
  always @(posedge clk) begin
    if (s_valid && s_ready) begin sent = sent + 1; s_valid <= 0; end
    if (m_valid && m_ready) begin
      $display("OUT %0d %0d %0d", m_data[)" + std::to_string(p.class_width - 1) + R"(:0], m_last, &m_keep);
      got = got + 1;
    end
  end
endmodule
)";
  return icarus(name + "_sim", file, tb);
}

}  // namespace

TEST_CASE("rtl: AXI4-Stream passes TLAST through with its vector under backpressure", "[verilog][rtl][icarus]") {
  std::vector<int> lasts = {0, 0, 1, 0, 1, 1, 0, 0, 0, 1, 0, 1};
  for (const hv::Network& net : {hvtest::binary_net(), hvtest::deep_net()})
    for (int levels : {0, 1, -4}) {  // -4: folded by 4 (one stage per layer)
      hv::VerilogOptions o;
      o.axis = true;
      o.scores = true;
      o.pipeline_levels = levels < 0 ? 0 : levels;
      o.fold = levels < 0 ? -levels : 1;
      INFO(net.name << " levels " << levels);
      std::string out = axis_run("rtl_tlast_" + net.name + std::to_string(levels), net, o, lasts);
      std::string want;
      for (size_t v = 0; v < lasts.size(); ++v)
        want += "OUT " + std::to_string(hv::ref::run(net, vec(net, static_cast<int>(v))).cls) + " " +
                std::to_string(lasts[v]) + " 1\n";
      INFO(out);
      CHECK(out.find(want) != std::string::npos);
      CHECK(out.find("DONE 12") != std::string::npos);
    }
}

TEST_CASE("rtl: AXI4-Stream packet mode ends a packet every n results", "[verilog][rtl][icarus]") {
  std::vector<int> lasts(12, 0);  // the input's TLAST is ignored in packet mode
  lasts[1] = 1;
  hv::Network net = hvtest::deep_net();
  for (int n : {1, 3, 5}) {
    hv::VerilogOptions o;
    o.axis = true;
    o.axis_packet = n;
    INFO("packet " << n);
    std::string out = axis_run("rtl_packet_" + std::to_string(n), net, o, lasts);
    std::string want;
    for (int v = 0; v < 12; ++v)
      want += "OUT " + std::to_string(hv::ref::run(net, vec(net, v)).cls) + " " + ((v + 1) % n == 0 ? "1" : "0") + " 1\n";
    INFO(out);
    CHECK(out.find(want) != std::string::npos);
  }
}
