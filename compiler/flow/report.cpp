// flow/report: Yosys and nextpnr, run without a shell, as numbers (see report.hpp).
#include "flow/report.hpp"

#include <cstdlib>
#include <fmt/format.h>
#include <map>
#include <sstream>

#include "backends/verilog/emit_verilog.hpp"
#include "support/diagnostics.hpp"
#include "support/files.hpp"
#include "support/process.hpp"
#include "support/template.hpp"

namespace hv::flow {

namespace fs = std::filesystem;

const std::vector<std::pair<std::string, Device>>& device_names() {
  static const std::vector<std::pair<std::string, Device>> v = {{"hx8k", Device::hx8k}, {"up5k", Device::up5k}};
  return v;
}

std::string to_string(Device d) { return d == Device::up5k ? "up5k" : "hx8k"; }

namespace {

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
    if (ls >> name >> n && !(ls >> extra) &&
        (name.rfind("SB_", 0) == 0 || name.rfind("LUT", 0) == 0 || name.rfind("FD", 0) == 0 ||
         name.rfind("CARRY", 0) == 0 || name.rfind("DSP", 0) == 0 || name.rfind("MUXF", 0) == 0))
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

// Runs a tool in `work` with its output in <work>/<log>.
ProcessResult run_in(const fs::path& work, const std::vector<std::string>& argv, const std::string& log) {
  ProcessOptions po;
  po.cwd = work;
  po.stdout_file = work / log;
  po.stderr_file = work / log;
  return run_process(argv, po);
}

// Yosys on the design (design.v in the work directory, a script of fixed names and the module
// name, a legal Verilog identifier): the cells of its `stat`.
std::map<std::string, long> yosys(const fs::path& work, const std::string& top, const std::string& synth,
                                  const std::string& tag) {
  std::string script = "read_verilog design.v; " + synth + " -top " + top + "; tee -q -o " + tag + "_stat.txt stat";
  ProcessResult r = run_in(work, {"yosys", "-q", "-p", script}, tag + ".log");
  if (!r.started) fail("cannot run yosys (" + r.error + "); is it installed and on PATH?");
  if (!r.ok())
    fail("yosys failed on the generated design (" + tag + "): it " + describe(r) + "; see " +
         quote_path((work / (tag + ".log")).string()));
  return cell_counts(read_file_or_empty(work / (tag + "_stat.txt")));
}

PnrResult place_and_route(const VerilogPlan& p, const fs::path& work, Device device, double freq, long lut4) {
  PnrResult r;
  r.note.clear();
  const std::string dev = to_string(device);
  long cells = device == Device::up5k ? 5280 : 7680;
  long need = lut4 + p.in_width + 8;
  if (need > cells) {
    r.status = "does not fit";
    r.note = fmt::format("{} LUT4 > {} logic cells of the {}", lut4, cells, dev);
    return r;
  }
  std::string ports = p.options.scores ? fmt::format("      .out_scores(outputs[{}:{}]),\n", p.out_width - 1, p.class_width) : "";
  std::string inst = fmt::format(
      "{} u_dut (\n      .clk(clk),\n      .rst(rst),\n      .in_valid(in_valid),\n      .in_ready(in_ready),\n"
      "      .in_data(shift[{}:1]),\n      .out_valid(out_valid),\n      .out_ready(out_ready),\n{}"
      "      .out_class(outputs[{}:0])\n  );",
      p.module, p.in_width, ports, p.class_width - 1);
  write_file_atomic(work / "wrap.v", render("verilog/hv_report_wrap.v", {{"MODULE", p.module},
                                                                        {"IN_WIDTH", std::to_string(p.in_width)},
                                                                        {"OUT_MSB", std::to_string(p.out_width - 1)},
                                                                        {"INSTANCE", inst}}));
  ProcessResult s = run_in(work, {"yosys", "-q", "-p", "read_verilog design.v wrap.v; synth_ice40 -top " + p.module + "_report -json pnr.json"},
                           "pnr_synth.log");
  if (!s.ok()) {
    r.status = "failed";
    r.note = "yosys " + describe(s) + ": see " + (work / "pnr_synth.log").string();
    return r;
  }
  ProcessResult n = run_in(work, {"nextpnr-ice40", "--" + dev, "--package", device == Device::up5k ? "sg48" : "ct256",
                                  "--json", "pnr.json", "--freq", fmt::format("{}", freq), "--seed", "1"},
                           "nextpnr.log");
  std::string out = read_file_or_empty(work / "nextpnr.log");
  const std::string tag = "Max frequency for clock";
  for (size_t at = out.find(tag); at != std::string::npos; at = out.find(tag, at + 1)) {
    size_t colon = out.find("': ", at);
    if (colon != std::string::npos) r.fmax_mhz = std::strtod(out.c_str() + colon + 3, nullptr);
  }
  if (r.fmax_mhz > 0) {  // nextpnr exits 1 when the target clock is missed: Fmax is still the figure
    r.status = "ok";
    if (!n.ok()) r.note = fmt::format("below the {:g} MHz target", freq);
  } else if (out.find("Unable to place") != std::string::npos || out.find("failed to place") != std::string::npos ||
             out.find("but only") != std::string::npos) {
    r.status = "does not fit";
    r.note = "nextpnr could not place it on the " + dev;
  } else {
    r.status = "failed";
    r.note = "nextpnr " + describe(n) + ": see " + (work / "nextpnr.log").string();
  }
  return r;
}

}  // namespace

ReportResult report(const Network& net, const ReportOptions& opt) {
  if (!(opt.freq_mhz > 0 && opt.freq_mhz <= 2000)) fail("the target clock must lie in (0, 2000] MHz");
  const VerilogPlan plan = prepare_verilog(net, opt.verilog);
  fs::create_directories(opt.work);
  write_file_atomic(opt.work / "design.v", verilog_text(plan));
  ReportResult r;
  r.model = plan.model;
  r.module = plan.module;
  for (const auto& l : plan.hidden)
    for (const auto& n : l.neurons)
      if (!l.folded) ++r.neurons;
      else
        for (const auto& s : n.schedule) r.neurons += s.neuron >= 0 ? 1 : 0;
  r.latency = plan.latency_cycles;
  r.ii = plan.fold;
  r.pipeline_levels = opt.verilog.pipeline_levels;
  r.skid = opt.verilog.skid;
  r.device = to_string(opt.device);
  r.target_mhz = opt.freq_mhz;
  auto ice = yosys(opt.work, plan.module, "synth_ice40", "ice40");
  r.lut4 = sum_prefix(ice, "SB_LUT4");
  r.sb_carry = sum_prefix(ice, "SB_CARRY");
  r.ff_ice40 = sum_prefix(ice, "SB_DFF");
  auto xil = yosys(opt.work, plan.module, "synth_xilinx", "xilinx");
  r.lut = sum_prefix(xil, "LUT");
  r.lut6 = sum_prefix(xil, "LUT6");
  r.carry4 = sum_prefix(xil, "CARRY");
  r.ff_xilinx = sum_prefix(xil, "FD");
  r.dsp = sum_prefix(xil, "DSP");
  if (opt.place_and_route) r.pnr = place_and_route(plan, opt.work, opt.device, opt.freq_mhz, r.lut4);
  return r;
}

std::string report_table(const ReportResult& r) {
  std::string out = fmt::format("report {}: {} threshold neurons, LATENCY {} cycles, II {} (pipeline levels {}, {} handshake)\n",
                                r.model, r.neurons, r.latency, r.ii, r.pipeline_levels, r.skid ? "skid" : "enable");
  out += "| flow | LUTs | carry | FF | DSP | Fmax |\n|---|---|---|---|---|---|\n";
  std::string fmax = r.pnr.status == "ok"
                         ? fmt::format("{:.2f} MHz (nextpnr {}{})", r.pnr.fmax_mhz, r.device,
                                       r.pnr.note.empty() ? "" : ", " + r.pnr.note)
                         : fmt::format("{} ({})", r.pnr.status, r.pnr.note);
  out += fmt::format("| yosys synth_ice40 | {} LUT4 | {} SB_CARRY | {} | - | {} |\n", r.lut4, r.sb_carry, r.ff_ice40, fmax);
  out += fmt::format("| yosys synth_xilinx | {} LUT ({} LUT6) | {} CARRY4 | {} | {} | - |\n", r.lut, r.lut6, r.carry4,
                     r.ff_xilinx, r.dsp);
  return out;
}

}  // namespace hv::flow
