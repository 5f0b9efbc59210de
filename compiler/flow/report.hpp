// flow/report: resources and speed of the generated Verilog, measured with open tools, as numbers.
// Yosys synth_ice40 (LUT4, SB_CARRY, flip-flops) and synth_xilinx (LUT1..6, CARRY4, flip-flops,
// DSPs) on the design itself; then nextpnr-ice40 on a harness (templates/verilog/hv_report_wrap.v:
// serial inputs, one output bit) for Fmax, taken from the last "Max frequency" line. A design with
// more LUT4 than the part has logic cells is reported as "does not fit" without running nextpnr,
// and so is a placement that fails for lack of cells.
// Every tool runs without a shell (support/process.hpp) with the work directory as its working
// directory and fixed file names inside it, so a work path with spaces, quotes, `$` or backticks
// is only ever a directory, never script or shell text.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "backends/verilog/prepare_verilog.hpp"
#include "ir/network.hpp"

namespace hv::flow {

enum class Device { hx8k, up5k };
const std::vector<std::pair<std::string, Device>>& device_names();
std::string to_string(Device d);

struct ReportOptions {
  VerilogOptions verilog;
  Device device = Device::hx8k;
  double freq_mhz = 100;                 // nextpnr's target clock
  bool place_and_route = true;           // false: no nextpnr, no Fmax
  std::filesystem::path work = "out/report";  // RTL, netlists, logs
};

struct PnrResult {
  std::string status = "skipped";  // "ok", "does not fit", "failed", "skipped"
  double fmax_mhz = 0;
  std::string note = "place and route not asked for";
};

struct ReportResult {
  std::string model, module;
  long neurons = 0;
  int latency = 0, pipeline_levels = 0;
  int ii = 1;  // clocks per vector (VerilogOptions::fold)
  bool skid = true;
  long lut4 = 0, sb_carry = 0, ff_ice40 = 0;                       // synth_ice40
  long lut = 0, lut6 = 0, carry4 = 0, ff_xilinx = 0, dsp = 0;      // synth_xilinx
  std::string device;
  double target_mhz = 0;
  PnrResult pnr;
};

// `net` must have been through the pass pipeline. Fails (UserError) when Yosys fails.
ReportResult report(const Network& net, const ReportOptions& opt);

// The table the CLI prints.
std::string report_table(const ReportResult& r);

}  // namespace hv::flow
