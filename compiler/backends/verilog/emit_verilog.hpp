// Verilog backend: prepare (names, widths, trees, pipeline plan; the last place decisions are
// made), then emit from templates/verilog. See prepare_verilog.hpp for the plan the emitter prints.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "backends/verilog/prepare_verilog.hpp"
#include "ir/network.hpp"

namespace hv {

// The text of the generated Verilog file (what emit_verilog writes).
std::string verilog_source(const Network& net, const VerilogOptions& opt = {});
std::string verilog_text(const VerilogPlan& plan);

// The module to instantiate or simulate: <module>, or <module>_axis with opt.axis.
std::string verilog_top(const VerilogPlan& plan);

// The ports of verilog_top(plan), in declaration order.
struct VerilogPort {
  std::string name;
  bool output = false;
  int width = 1;
};
std::vector<VerilogPort> verilog_ports(const VerilogPlan& plan);

// Writes <dir>/<module>.v (atomically) and returns the paths written. <module> is net.name, or
// hv_<net.name> where net.name is a Verilog/SystemVerilog keyword (see prepare_verilog.hpp).
std::vector<std::filesystem::path> emit_verilog(const Network& net, const std::filesystem::path& dir,
                                                const VerilogOptions& opt = {});

}  // namespace hv
