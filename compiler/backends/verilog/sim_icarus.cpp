// simulate_icarus (see sim_verilog.hpp): renders templates/verilog/tb_icarus.v with the design's
// sizes and a DUT instance for its ports (plain or AXI4-Stream), compiles both with
// `iverilog -g2012`, runs `vvp` on the vector file and judges the outputs file like the Verilator
// target. Icarus is an event-driven interpreter, slow but independent of Verilator: agreement of
// the two is a check on both. No shell: both tools run in work_dir on fixed relative names (dut.v,
// a copy of the RTL; inputs.txt, a copy of the vector file; outputs.txt), which also keeps the
// testbench's plusargs within their 128 bytes. Work files: tb_icarus.v, sim.vvp, build.log, run.log.
#include "backends/verilog/sim_verilog.hpp"

#include "backends/verilog/emit_verilog.hpp"
#include "backends/verilog/sim_common.hpp"
#include "support/files.hpp"
#include "support/template.hpp"

namespace hv {

namespace {

namespace fs = std::filesystem;
using simdetail::run_logged;

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
  return simulate_icarus(net, prepare_verilog(net, opt.verilog), rtl_file, vectors_file, work_dir, opt);
}

CheckReport simulate_icarus(const Network& net, const VerilogPlan& plan, const fs::path& rtl_file,
                            const fs::path& vectors_file, const fs::path& work_dir, const VerilogSimOptions& opt) {
  CheckReport r;
  r.target = "verilog (icarus)";
  fs::create_directories(work_dir);
  const fs::path work = fs::absolute(work_dir);
  int ring = 16;
  while (ring <= plan.latency + 2) ring *= 2;
  write_file_atomic(work / "tb_icarus.v", render("verilog/tb_icarus.v",
                                                 {{"N_IN", std::to_string(plan.n_in)},
                                                  {"IN_BITS", std::to_string(plan.in_bits)},
                                                  {"LATENCY", std::to_string(plan.latency)},
                                                  {"FOLD", std::to_string(plan.fold)},
                                                  {"N_SCORES", std::to_string(plan.options.scores ? plan.n_scores : 0)},
                                                  {"SCORE_BITS", std::to_string(plan.score_width)},
                                                  {"CLASS_BITS", std::to_string(plan.class_width)},
                                                  {"RING", std::to_string(ring)},
                                                  {"DUT", dut_instance(plan)}}));
  std::error_code ec;
  if (!fs::equivalent(rtl_file, work / "dut.v", ec)) fs::copy_file(rtl_file, work / "dut.v", fs::copy_options::overwrite_existing);
  if (!fs::equivalent(vectors_file, work / "inputs.txt", ec))
    fs::copy_file(vectors_file, work / "inputs.txt", fs::copy_options::overwrite_existing);
  if (!run_logged({"iverilog", "-g2012", "-s", "tb", "-o", "sim.vvp", "tb_icarus.v", "dut.v"}, work, work / "build.log",
                  r.log)
           .ok())
    return r;
  fs::remove(work / "outputs.txt", ec);  // a stale file must not stand in for this run's outputs
  std::string run_log;
  ProcessResult run = run_logged({"vvp", "-n", "sim.vvp", "+vectors=inputs.txt", "+outputs=outputs.txt",
                                  "+seed=" + std::to_string(opt.seed % 2147483647)},
                                 work, work / "run.log", run_log);
  r.log += run_log;
  OutputLayout layout;
  layout.scores = plan.options.scores;
  layout.timing = true;
  layout.latency = static_cast<uint64_t>(plan.latency);
  simdetail::judge(net, work / "inputs.txt", work / "outputs.txt", layout, run, run_log, r);
  return r;
}

}  // namespace hv
