// `heaviside report`: resources and speed of the generated Verilog, measured with open tools.
// Yosys synth_ice40 (LUT4, SB_CARRY, flip-flops) and synth_xilinx (LUT1..6, CARRY4, flip-flops,
// DSPs: the comparison point for published FPGA results) on the design itself; then nextpnr-ice40
// on a harness (templates/verilog/hv_report_wrap.v: serial inputs, one output bit) for Fmax,
// taken from the last "Max frequency" line. A design with more LUT4 than the part has logic cells
// is reported as "does not fit" without running nextpnr, and so is a placement that fails for
// lack of cells. Prints a table; --json writes the same figures. Work files in --work.
#include <cstdio>
#include <filesystem>
#include <map>
#include <sstream>

#include "args.hpp"
#include "backends/verilog/emit_verilog.hpp"
#include "backends/verilog/sim_common.hpp"
#include "commands.hpp"
#include "frontend/hnet_parse.hpp"
#include "passes/pipeline.hpp"
#include "support/diagnostics.hpp"
#include "support/files.hpp"
#include "support/template.hpp"
#include "verilog_args.hpp"

namespace hv {

namespace fs = std::filesystem;
using simdetail::read_or_empty;
using simdetail::run_logged;
using simdetail::shell_quote;

namespace {

std::vector<OptionSpec> spec() {
  std::vector<OptionSpec> s = {
      {"json", true, "also write the figures to this JSON file"},
      {"device", true, "iCE40 part for place and route: hx8k (default, 7680 cells) or up5k (5280 cells)"},
      {"freq", true, "target clock for nextpnr in MHz (default 100)"},
      {"work", true, "directory for the RTL, netlists and logs (default: out/report)"},
      {"no-pnr", false, "skip nextpnr (no Fmax)"},
      {"help", false, "this text"},
  };
  for (auto& o : verilog_option_specs()) s.push_back(o);
  return s;
}
const std::vector<OptionSpec> kSpec = spec();

// Cell counts from Yosys `stat` text: lines "     <cell>     <count>". A design kept
// hierarchical (synth_xilinx) has one section per module and then the totals under
// "=== design hierarchy ===": only those are counted.
std::map<std::string, long> cell_counts(const std::string& text) {
  std::map<std::string, long> cells;
  size_t total = text.find("=== design hierarchy ===");
  std::istringstream in(total == std::string::npos ? text : text.substr(total));
  for (std::string line; std::getline(in, line);) {
    std::istringstream ls(line);
    std::string name, extra;
    long n = 0;
    if (ls >> name >> n && !(ls >> extra) && (name.rfind("SB_", 0) == 0 || name.rfind("LUT", 0) == 0 ||
                                               name.rfind("FD", 0) == 0 || name.rfind("CARRY", 0) == 0 ||
                                               name.rfind("DSP", 0) == 0 || name.rfind("MUXF", 0) == 0))
      cells[name] += n;
  }
  return cells;
}

long sum_prefix(const std::map<std::string, long>& cells, const std::string& prefix) {
  long n = 0;
  for (const auto& [name, count] : cells)
    if (name.rfind(prefix, 0) == 0) n += count;
  return n;
}

// Runs Yosys `script` and returns the cells of its `stat`; fails (user error) when Yosys does.
std::map<std::string, long> yosys(const std::string& script, const fs::path& work, const std::string& tag) {
  fs::path stat = work / (tag + "_stat.txt"), log = work / (tag + ".log");
  std::string cmd = "yosys -q -p " + shell_quote(script + "; tee -q -o " + stat.string() + " stat");
  if (run_logged(cmd, log) != 0)
    fail("yosys failed on the generated design (" + tag + "); see " + quote_path(log.string()));
  return cell_counts(read_or_empty(stat));
}

struct Pnr {
  std::string status = "skipped";  // "ok", "does not fit", "failed", "skipped"
  double fmax_mhz = 0;
  std::string note = "--no-pnr";
};

Pnr place_and_route(const VerilogPlan& p, const fs::path& rtl, const fs::path& work, const std::string& device,
                    double freq, long lut4) {
  Pnr r;
  r.note.clear();
  long cells = device == "up5k" ? 5280 : 7680;
  long need = lut4 + p.in_width + 8;
  if (need > cells) {
    r.status = "does not fit";
    r.note = std::to_string(lut4) + " LUT4 > " + std::to_string(cells) + " logic cells of the " + device;
    return r;
  }
  std::string ports = p.options.scores ? "      .out_scores(outputs[" + std::to_string(p.out_width - 1) + ":" +
                                             std::to_string(p.class_width) + "]),\n"
                                       : "";
  std::string inst = p.module + " u_dut (\n      .clk(clk),\n      .rst(rst),\n      .in_valid(in_valid),\n"
                     "      .in_ready(in_ready),\n      .in_data(shift[" + std::to_string(p.in_width) + ":1]),\n"
                     "      .out_valid(out_valid),\n      .out_ready(out_ready),\n" + ports +
                     "      .out_class(outputs[" + std::to_string(p.class_width - 1) + ":0])\n  );";
  fs::path wrap = work / (p.module + "_report.v"), json = work / "pnr.json", log = work / "nextpnr.log";
  write_file_atomic(wrap, render("verilog/hv_report_wrap.v", {{"MODULE", p.module},
                                                              {"IN_WIDTH", std::to_string(p.in_width)},
                                                              {"OUT_MSB", std::to_string(p.out_width - 1)},
                                                              {"INSTANCE", inst}}));
  std::string synth = "yosys -q -p " + shell_quote("read_verilog " + rtl.string() + " " + wrap.string() +
                                                    "; synth_ice40 -top " + p.module + "_report -json " + json.string());
  if (run_logged(synth, work / "pnr_synth.log") != 0) {
    r.status = "failed";
    r.note = "yosys: see " + (work / "pnr_synth.log").string();
    return r;
  }
  std::string pkg = device == "up5k" ? "sg48" : "ct256";
  std::string pnr = "nextpnr-ice40 --" + device + " --package " + pkg + " --json " + shell_quote(json.string()) +
                    " --freq " + std::to_string(freq) + " --seed 1";
  int code = run_logged(pnr, log);
  std::string out = read_or_empty(log);
  const std::string tag = "Max frequency for clock";
  for (size_t at = out.find(tag); at != std::string::npos; at = out.find(tag, at + 1)) {
    size_t colon = out.find("': ", at);
    if (colon != std::string::npos) r.fmax_mhz = std::strtod(out.c_str() + colon + 3, nullptr);
  }
  if (r.fmax_mhz > 0) {  // nextpnr exits 1 when the target clock is missed: Fmax is still the figure
    r.status = "ok";
    if (code != 0) r.note = "below the " + std::to_string(static_cast<long>(freq)) + " MHz target";
  } else if (out.find("Unable to place") != std::string::npos || out.find("failed to place") != std::string::npos ||
             out.find("but only") != std::string::npos) {
    r.status = "does not fit";
    r.note = "nextpnr could not place it on the " + device;
  } else {
    r.status = "failed";
    r.note = "nextpnr: see " + log.string();
  }
  return r;
}

}  // namespace

namespace {

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (static_cast<unsigned char>(c) >= 0x20) out += c;
  }
  return out + "\"";
}

struct Figures {
  long neurons = 0, lut4 = 0, carry = 0, ff_ice40 = 0, lut = 0, lut6 = 0, carry4 = 0, ff_xilinx = 0, dsp = 0;
};

std::string json_text(const VerilogPlan& p, const Figures& f, const Pnr& pnr, const std::string& device, double freq) {
  char fmax[32];
  std::snprintf(fmax, sizeof fmax, "%.2f", pnr.fmax_mhz);
  auto n = [](long v) { return std::to_string(v); };
  return "{\n  \"model\": " + json_string(p.model) + ",\n  \"module\": " + json_string(p.module) +
         ",\n  \"neurons\": " + n(f.neurons) + ",\n  \"latency_cycles\": " + n(p.latency) +
         ",\n  \"pipeline_levels\": " + n(p.options.pipeline_levels) + ",\n  \"handshake\": " +
         json_string(p.options.skid ? "skid" : "enable") + ",\n  \"ice40\": {\"lut4\": " + n(f.lut4) +
         ", \"sb_carry\": " + n(f.carry) + ", \"dff\": " + n(f.ff_ice40) + "},\n  \"xilinx\": {\"lut\": " + n(f.lut) +
         ", \"lut6\": " + n(f.lut6) + ", \"carry4\": " + n(f.carry4) + ", \"ff\": " + n(f.ff_xilinx) +
         ", \"dsp\": " + n(f.dsp) + "},\n  \"pnr\": {\"device\": " + json_string(device) +
         ", \"target_mhz\": " + n(static_cast<long>(freq)) + ", \"status\": " + json_string(pnr.status) +
         ", \"fmax_mhz\": " + std::string(pnr.status == "ok" ? fmax : "null") + ", \"note\": " + json_string(pnr.note) +
         "}\n}\n";
}

}  // namespace

int cmd_report(const std::vector<std::string>& argv) {
  if (wants_help(argv)) {
    std::printf("usage: heaviside report <model.hnet> [options]\n\n%s", options_help(kSpec).c_str());
    return 0;
  }
  Args args("report", kSpec, argv);
  args.expect_positional({"model.hnet"});
  VerilogOptions vopt = verilog_options(args);
  std::string device = args.str("device", "hx8k");
  if (device != "hx8k" && device != "up5k") fail("option --device is " + quote(device) + ", expected hx8k or up5k");
  double freq = args.num("freq", 100);
  if (!(freq > 0 && freq <= 2000)) fail("option --freq must be in (0, 2000] MHz");
  Network net = read_hnet(args.positional()[0]);
  PassLog plog;
  net = run_pipeline(net, plog);
  fs::path work = args.str("work", "out/report");
  fs::create_directories(work);
  VerilogPlan plan = prepare_verilog(net, vopt);
  fs::path rtl = emit_verilog(net, work, vopt)[0];

  Figures f;
  for (const auto& l : plan.hidden) f.neurons += static_cast<long>(l.neurons.size());
  std::string read = "read_verilog " + rtl.string() + "; ";
  auto ice = yosys(read + "synth_ice40 -top " + plan.module, work, "ice40");
  f.lut4 = sum_prefix(ice, "SB_LUT4");
  f.carry = sum_prefix(ice, "SB_CARRY");
  f.ff_ice40 = sum_prefix(ice, "SB_DFF");
  auto xil = yosys(read + "synth_xilinx -top " + plan.module, work, "xilinx");
  f.lut = sum_prefix(xil, "LUT");
  f.lut6 = sum_prefix(xil, "LUT6");
  f.carry4 = sum_prefix(xil, "CARRY");
  f.ff_xilinx = sum_prefix(xil, "FD");
  f.dsp = sum_prefix(xil, "DSP");
  Pnr pnr;
  if (!args.flag("no-pnr")) pnr = place_and_route(plan, rtl, work, device, freq, f.lut4);

  std::printf("report %s: %ld threshold neurons, LATENCY %d cycles (pipeline levels %d, %s handshake)\n",
              plan.model.c_str(), f.neurons, plan.latency, vopt.pipeline_levels, vopt.skid ? "skid" : "enable");
  std::printf("| flow | LUTs | carry | FF | DSP | Fmax |\n|---|---|---|---|---|---|\n");
  char mhz[32];
  std::snprintf(mhz, sizeof mhz, "%.2f MHz", pnr.fmax_mhz);
  std::string fmax = (pnr.status == "ok" ? std::string(mhz) + " (nextpnr " + device : pnr.status + " (" + pnr.note) +
                     (pnr.status == "ok" && !pnr.note.empty() ? ", " + pnr.note : "") + ")";
  std::printf("| yosys synth_ice40 | %ld LUT4 | %ld SB_CARRY | %ld | - | %s |\n", f.lut4, f.carry, f.ff_ice40,
              fmax.c_str());
  std::printf("| yosys synth_xilinx | %ld LUT (%ld LUT6) | %ld CARRY4 | %ld | %ld | - |\n", f.lut, f.lut6, f.carry4,
              f.ff_xilinx, f.dsp);
  if (args.has("json")) {
    fs::path out = args.str("json", "");
    write_file_atomic(out, json_text(plan, f, pnr, device, freq));
    std::printf("wrote %s\n", out.string().c_str());
  }
  return 0;
}

}  // namespace hv
