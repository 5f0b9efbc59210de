// simulate_icarus (see sim_verilog.hpp): renders templates/verilog/tb_icarus.v with the design's
// sizes and a DUT instance for its ports (plain or AXI4-Stream), compiles both with
// `iverilog -g2012`, runs `vvp` on the vector file and reports like the Verilator target. Icarus
// is an event-driven interpreter, slow but independent of Verilator: agreement of the two is a
// check on both. Work files: work_dir/tb_icarus.v, sim.vvp, build.log, run.out.
#include "backends/verilog/sim_verilog.hpp"

#include "backends/verilog/emit_verilog.hpp"
#include "backends/verilog/sim_common.hpp"
#include "support/files.hpp"
#include "support/template.hpp"

namespace hv {

namespace {

namespace fs = std::filesystem;
using simdetail::read_or_empty;
using simdetail::run_logged;
using simdetail::shell_quote;

// The DUT instance for the testbench's signals (clk, rst, in_*, out_*, out_class, out_scores).
std::string dut_instance(const VerilogPlan& p) {
  std::string s;
  bool sc = p.options.scores;
  if (p.options.axis) {
    int sw = (p.in_width + 7) / 8 * 8, mw = (p.out_width + 7) / 8 * 8;
    s += "  wire [" + std::to_string(mw - 1) + ":0] m_tdata;\n";
    s += "  assign out_class = m_tdata[" + std::to_string(p.class_width - 1) + ":0];\n";
    s += sc ? "  assign out_scores = m_tdata[" + std::to_string(p.out_width - 1) + ":" + std::to_string(p.class_width) + "];\n"
            : "  assign out_scores = 0;\n";
    std::string pad = sw > p.in_width ? "{" + std::to_string(sw - p.in_width) + "'d0, in_data}" : "in_data";
    s += "  " + p.module + "_axis dut (\n      .aclk(clk),\n      .aresetn(!rst),\n      .s_axis_tvalid(in_valid),\n"
         "      .s_axis_tready(in_ready),\n      .s_axis_tdata(" + pad + "),\n      .s_axis_tlast(1'b0),\n"
         "      .m_axis_tvalid(out_valid),\n"
         "      .m_axis_tready(out_ready),\n      .m_axis_tdata(m_tdata)\n  );\n";
    return s;
  }
  if (!sc) s += "  assign out_scores = 0;\n";
  s += "  " + p.module + " dut (\n      .clk(clk),\n      .rst(rst),\n      .in_valid(in_valid),\n      .in_ready(in_ready),\n"
       "      .in_data(in_data),\n      .out_valid(out_valid),\n      .out_ready(out_ready),\n" +
       std::string(sc ? "      .out_scores(out_scores),\n" : "") + "      .out_class(out_class)\n  );\n";
  return s;
}

}  // namespace

CheckReport simulate_icarus(const Network& net, const fs::path& rtl_file, const fs::path& vectors_file,
                            const fs::path& work_dir, const VerilogSimOptions& opt) {
  CheckReport r;
  r.target = "verilog (icarus)";
  VerilogPlan plan = prepare_verilog(net, opt.verilog);
  fs::create_directories(work_dir);
  int ring = 16;
  while (ring <= plan.latency + 2) ring *= 2;
  fs::path tb = work_dir / "tb_icarus.v";
  write_file_atomic(tb, render("verilog/tb_icarus.v",
                               {{"N_IN", std::to_string(plan.n_in)},
                                {"IN_BITS", std::to_string(plan.in_bits)},
                                {"LATENCY", std::to_string(plan.latency)},
                                {"N_SCORES", std::to_string(plan.options.scores ? plan.n_scores : 0)},
                                {"FILE_SCORES", std::to_string(plan.n_scores)},
                                {"SCORE_BITS", std::to_string(plan.score_width)},
                                {"CLASS_BITS", std::to_string(plan.class_width)},
                                {"RING", std::to_string(ring)},
                                {"DUT", dut_instance(plan)}}));
  fs::path vvp = work_dir / "sim.vvp", log = work_dir / "build.log";
  std::string build = "iverilog -g2012 -s tb -o " + shell_quote(vvp.string()) + " " + shell_quote(tb.string()) + " " +
                      shell_quote(fs::absolute(rtl_file).string());
  if (run_logged(build, log) != 0) {
    r.log = "$ " + build + "\n" + read_or_empty(log);
    return r;
  }
  std::string exe = "vvp -n " + shell_quote(vvp.string()) + " +vectors=" + shell_quote(fs::absolute(vectors_file).string()) +
                    " +seed=" + std::to_string(opt.seed % 2147483647);
  fs::path out_file = work_dir / "run.out";
  int code = run_logged(exe, out_file);
  std::string out = read_or_empty(out_file);
  r.ran = simdetail::parse_run_output(out, r);
  if (!r.ran) r.log = "$ " + exe + "\n(exit status " + std::to_string(code) + ")\n" + out;
  return r;
}

}  // namespace hv
