// emit_verilog: prints a VerilogPlan (prepare_verilog.hpp) as one Verilog-2005 file: the top module
// rendered from templates/verilog/hv_top.v around the generated datapath (emit_datapath.cpp), the
// AXI4-Stream wrapper from hv_axis.v when asked, then the hand-written helper modules it
// instantiates, renamed to <module>_<helper> so that several generated designs can share one
// project. Decides nothing; deterministic (same plan, same bytes). Linear in the plan's size.
#include "backends/verilog/emit_verilog.hpp"

#include "backends/verilog/emit_datapath.hpp"
#include "backends/verilog/emit_kit.hpp"
#include "support/files.hpp"
#include "support/template.hpp"
#include "support/version.hpp"

namespace hv {

namespace {

bool ident_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$';
}

// The helper template `verilog/<from>.v` with the identifier `from` renamed to `to` (whole words).
std::string helper(const std::string& from, const std::string& to) {
  const std::string& text = template_text("verilog/" + from + ".v");
  std::string out;
  size_t i = 0;
  for (size_t at; (at = text.find(from, i)) != std::string::npos; i = at + from.size()) {
    bool whole = (at == 0 || !ident_char(text[at - 1])) &&
                 (at + from.size() == text.size() || !ident_char(text[at + from.size()]));
    out.append(text, i, at - i);
    out += whole ? to : from;
  }
  out.append(text, i, std::string::npos);
  return out;
}

std::string msb(int width) { return std::to_string(width - 1); }

int bytes_wide(int bits) { return (bits + 7) / 8 * 8; }

std::string top_module(const VerilogPlan& p) {
  std::string stages;
  for (const auto& line : p.stages) stages += "//   " + line + "\n";
  stages.pop_back();
  int sw = p.score_width, ns = p.n_scores;
  std::string scores_doc = "//   out_scores " + std::to_string(ns) + " score" + (ns == 1 ? "" : "s") + " of " +
                           std::to_string(sw) + " bits, two's complement; score c at bits [c*" + std::to_string(sw) +
                           " +: " + std::to_string(sw) + "]";
  std::string handshake =
      p.options.skid ? "in_ready is a register (skid buffer): it does not depend on out_ready combinationally."
                     : "Global enable: in_ready = !out_valid || out_ready (combinational).";
  const bool folded = p.fold > 1;
  const std::string k = std::to_string(p.fold);
  if (folded)
    handshake = p.options.skid
                    ? "in_ready depends on registers only (not on out_ready); the output holds until taken."
                    : "in_ready = (slot == " + std::to_string(p.fold - 1) +
                          ") && (!out_valid || out_ready) (combinational in out_ready).";
  return render("verilog/hv_top.v",
                {{"VERSION", kVersion},
                 {"MODEL", p.model},
                 {"HASH", p.hash_hex},
                 {"MODULE", p.module},
                 {"N_IN", std::to_string(p.n_in)},
                 {"IN_BITS", std::to_string(p.in_bits)},
                 {"N_CLASSES", std::to_string(p.n_classes)},
                 {"OUTPUTS_DOC", p.options.scores ? scores_doc : "//   (integer scores: compile with --scores)"},
                 {"HANDSHAKE_DOC", handshake},
                 {"LATENCY", std::to_string(p.latency_cycles)},
                 {"LEVELS", p.options.pipeline_levels == 0
                                ? std::string("0: one stage per layer") +
                                      (folded ? "; folded: each stage takes " + k + " clocks" : std::string())
                                : std::to_string(p.options.pipeline_levels)},
                 {"II_DOC", folded ? "One inference every " + k + " clocks when not stalled (II = " + k +
                                         "):\n//   each layer computes its neurons in " + k + " slots, one slot a clock."
                                   : "One inference per clock when not stalled (II = 1)."},
                 {"ADVANCE_DOC",
                  folded ? "in general it leaves on pipeline advance k + " + std::to_string(p.latency) +
                               " (hv_fold_ctrl below;\n//   the pipeline advances in slot " + std::to_string(p.fold - 1) +
                               " only, at most once every " + k + " clocks)."
                         : "in general it leaves on pipeline advance k + LATENCY (hv_pipe_ctrl below)."},
                 {"II_PARAM", folded ? "\n  localparam integer II = " + k + ";" : std::string()},
                 {"SLOT_WIRE", folded ? "\n  wire [" + msb(p.slot_bits) + ":0] slot;" : std::string()},
                 {"CTRL_STAGES", folded ? "LATENCY / II" : "LATENCY"},
                 {"FOLD_PARAMS", folded ? ",\n      .FOLD(II),\n      .SB(" + std::to_string(p.slot_bits) + ")" : std::string()},
                 {"SLOT_PORT", folded ? "\n      .slot(slot)," : std::string()},
                 {"STAGES", stages},
                 {"IN_MSB", msb(p.in_width)},
                 {"SCORES_PORT", p.options.scores ? "\n    output wire [" + msb(ns * sw) + ":0]  out_scores," : ""},
                 {"CLASS_MSB", msb(p.class_width)},
                 {"PIPE_MSB", msb(p.out_width + (p.options.axis ? 1 : 0))},
                 {"PIPE_WIDTH", std::to_string(p.out_width + (p.options.axis ? 1 : 0))},
                 {"LAST_DOC", p.options.axis ? "\n//   in_last/out_last: a bit carried beside each vector (AXI4-Stream TLAST of <module>_axis)."
                                             : ""},
                 {"IN_LAST_PORT", p.options.axis ? "\n    input  wire          in_last," : ""},
                 {"OUT_LAST_PORT", p.options.axis ? "\n    output wire          out_last," : ""},
                 {"SKID", p.options.skid ? "1" : "0"},
                 {"PIPE_CTRL", p.module + (folded ? "_fold_ctrl" : "_pipe_ctrl")},
                 {"DATAPATH", datapath_text(p, p.module + "_max2")},
                 {"OUT_ASSIGN", std::string(p.options.axis ? "{out_last, " : "{") +
                                    (p.options.scores ? "out_scores, out_class}" : "out_class}")}});
}

std::string axis_wrapper(const VerilogPlan& p) {
  int s_w = bytes_wide(p.in_width), m_w = bytes_wide(p.out_width), cw = p.class_width;
  std::string layout = p.options.scores ? "out_class in bits [" + msb(cw) + ":0], out_scores in bits [" +
                                              msb(p.out_width) + ":" + std::to_string(cw) + "]"
                                        : "out_class in bits [" + msb(cw) + ":0]";
  std::string s_pad, m_pad;
  if (s_w > p.in_width)
    s_pad = "  wire unused_pad = ^s_axis_tdata[" + msb(s_w) + ":" + std::to_string(p.in_width) + "];\n";
  if (m_w > p.out_width)
    m_pad = "  assign m_axis_tdata[" + msb(m_w) + ":" + std::to_string(p.out_width) + "] = " +
            std::to_string(m_w - p.out_width) + "'d0;\n";
  int n = p.options.axis_packet;
  std::string last_doc = n == 0 ? "s_axis_tlast of the same vector, passed through (packet boundaries kept)"
                       : n == 1 ? "always high (packet mode: every result is a packet of one beat); s_axis_tlast ignored"
                                : "high on every " + std::to_string(n) + "th result (packet mode: packets of " +
                                      std::to_string(n) + " beats); s_axis_tlast ignored";
  std::string last_logic;
  if (n == 0) {
    last_logic = "  assign m_axis_tlast = core_last;\n";
  } else if (n == 1) {
    last_logic = "  wire unused_last = core_last;\n  assign m_axis_tlast = 1'b1;\n";
  } else {
    int bw = 1;
    while ((int64_t{1} << bw) < n) ++bw;
    std::string w = std::to_string(bw);
    last_logic = "\n  // Packet mode: results counted in packets of " + std::to_string(n) +
                 " beats; beat = results of the current packet already sent.\n"
                 "  wire unused_last = core_last;\n  reg  [" + msb(bw) + ":0] beat;\n  assign m_axis_tlast = beat == " +
                 w + "'d" + std::to_string(n - 1) + ";\n  always @(posedge aclk) begin\n    if (!aresetn) beat <= " + w +
                 "'d0;\n    else if (m_axis_tvalid && m_axis_tready) beat <= m_axis_tlast ? " + w + "'d0 : beat + " + w +
                 "'d1;\n  end\n";
  }
  return render("verilog/hv_axis.v",
                {{"MODULE", p.module},
                 {"IN_MSB", msb(p.in_width)},
                 {"S_PAD_DOC", s_w > p.in_width ? ", padding above" : ""},
                 {"M_LAYOUT", layout + (m_w > p.out_width ? ", zero padding above" : "")},
                 {"LATENCY", std::to_string(p.latency_cycles)},
                 {"S_MSB", msb(s_w)},
                 {"M_MSB", msb(m_w)},
                 {"S_PAD", s_pad},
                 {"CORE_SCORES", p.options.scores ? "\n      .out_scores(m_axis_tdata[" + msb(p.out_width) + ":" +
                                                        std::to_string(cw) + "]),"
                                                  : ""},
                 {"CLASS_MSB", msb(cw)},
                 {"M_PAD", m_pad},
                 {"TKEEP_DOC", m_w > 8 ? "all ones (every byte of every beat is data)" : "none (one-byte tdata)"},
                 {"TKEEP_PORT", m_w > 8 ? "\n    output wire [" + msb(m_w / 8) + ":0]  m_axis_tkeep," : ""},
                 {"TLAST_DOC", last_doc},
                 {"LAST_LOGIC", (m_w > 8 ? "  assign m_axis_tkeep = {" + std::to_string(m_w / 8) + "{1'b1}};\n" : std::string()) +
                                    last_logic}});
}

}  // namespace

std::string verilog_top(const VerilogPlan& plan) { return plan.options.axis ? plan.module + "_axis" : plan.module; }

std::vector<VerilogPort> verilog_ports(const VerilogPlan& p) {
  if (p.options.axis) {
    std::vector<VerilogPort> ports = {{"aclk", false, 1},          {"aresetn", false, 1},
                                      {"s_axis_tvalid", false, 1}, {"s_axis_tready", true, 1},
                                      {"s_axis_tdata", false, bytes_wide(p.in_width)},
                                      {"s_axis_tlast", false, 1},  {"m_axis_tvalid", true, 1},
                                      {"m_axis_tready", false, 1}, {"m_axis_tdata", true, bytes_wide(p.out_width)}};
    if (bytes_wide(p.out_width) > 8) ports.push_back({"m_axis_tkeep", true, bytes_wide(p.out_width) / 8});
    ports.push_back({"m_axis_tlast", true, 1});
    return ports;
  }
  std::vector<VerilogPort> ports = {{"clk", false, 1},       {"rst", false, 1},      {"in_valid", false, 1},
                                    {"in_ready", true, 1},    {"in_data", false, p.in_width},
                                    {"out_valid", true, 1},   {"out_ready", false, 1}};
  if (p.options.scores) ports.push_back({"out_scores", true, p.n_scores * p.score_width});
  ports.push_back({"out_class", true, p.class_width});
  return ports;
}

std::string verilog_text(const VerilogPlan& p) {
  // One file per design is the contract, so the wrapper and the helpers share it; DECLFILENAME
  // (module name == file name, for -y library search) cannot hold for them and is the only check
  // switched off.
  std::string text = top_module(p) + "\n/* verilator lint_off DECLFILENAME */\n";
  if (p.options.axis) text += axis_wrapper(p) + "\n";
  if (p.options.axi_lite)
    text += render("verilog/hv_axil.v", {{"MODULE", p.module},
                                         {"HASH", p.hash_hex},
                                         {"LATENCY", std::to_string(p.latency_cycles)},
                                         {"II", std::to_string(p.fold)},
                                         {"N_IN", std::to_string(p.n_in)},
                                         {"IN_BITS", std::to_string(p.in_bits)},
                                         {"N_CLASSES", std::to_string(p.n_classes)}}) +
            "\n";
  text += "// Hand-written helper modules (templates/verilog/), renamed for this design.\n";
  if (p.fold > 1) text += helper("hv_fold_ctrl", p.module + "_fold_ctrl");
  else text += helper("hv_pipe_ctrl", p.module + "_pipe_ctrl");
  if (!p.binary) text += "\n" + helper("hv_max2", p.module + "_max2");
  return text + "/* verilator lint_on DECLFILENAME */\n";
}

std::string verilog_source(const Network& net, const VerilogOptions& opt) {
  return verilog_text(prepare_verilog(net, opt));
}

std::vector<std::filesystem::path> emit_verilog(const Network& net, const std::filesystem::path& dir,
                                                const VerilogOptions& opt) {
  VerilogPlan plan = prepare_verilog(net, opt);
  std::filesystem::path out = dir / (plan.module + ".v");
  write_file_atomic(out, verilog_text(plan));
  std::vector<std::filesystem::path> written = {out};
  if (opt.kit)
    for (auto& f : emit_kit(net, plan, dir)) written.push_back(f);
  return written;
}

}  // namespace hv
