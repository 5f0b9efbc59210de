// Parsing the shared Verilog options (see verilog_args.hpp).
#include "verilog_args.hpp"

#include "support/diagnostics.hpp"

namespace hv {

std::vector<OptionSpec> verilog_option_specs() {
  return {
      {"pipeline-levels", true, "Verilog: a register every k adder-tree levels (default 0: one stage per layer)"},
      {"scores", false, "Verilog: add the out_scores port (every integer score)"},
      {"axis", false, "Verilog: add the AXI4-Stream wrapper module <name>_axis"},
      {"axis-packet", true,
       "Verilog: with --axis, m_axis_tlast on every n-th result (default 0: s_axis_tlast passed through)"},
      {"share-trees", true, "Verilog: on or off (default): hidden neurons with equal weights share one adder tree"},
      {"handshake", true, "Verilog: skid (default; in_ready is a register) or enable (global enable)"},
  };
}

VerilogOptions verilog_options(const Args& args) {
  VerilogOptions o;
  o.pipeline_levels = static_cast<int>(args.integer("pipeline-levels", 0, 0, 64));
  o.scores = args.flag("scores");
  o.axis = args.flag("axis");
  o.axis_packet = static_cast<int>(args.integer("axis-packet", 0, 0, 1 << 20));
  if (o.axis_packet > 0 && !o.axis) fail("option --axis-packet needs --axis");
  std::string st = args.str("share-trees", "off");
  if (st != "on" && st != "off") fail("option --share-trees is " + quote(st) + ", expected on or off");
  o.share_trees = st == "on";
  std::string hs = args.str("handshake", "skid");
  if (hs != "skid" && hs != "enable") fail("option --handshake is " + quote(hs) + ", expected skid or enable");
  o.skid = hs == "skid";
  return o;
}

}  // namespace hv
