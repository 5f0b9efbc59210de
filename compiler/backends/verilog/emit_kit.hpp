// emit_kit: the integration kit `heaviside compile --kit` writes beside the design, in
// <dir>/<module>_kit/, so that a user can check the RTL in their own flow with nothing but a
// simulator: the design, a self-checking testbench (Icarus Verilog and Verilator) with vectors and
// the reference interpreter's expected outputs, run.sh and a Makefile, the interface as a Verilog
// header and a SystemVerilog package (LATENCY, II, port widths), and example clock constraints for
// Vivado (XDC) and nextpnr-ice40 (PCF). Prints a VerilogPlan; decides nothing but the vectors
// (seeded, deterministic).
#pragma once
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "backends/verilog/prepare_verilog.hpp"
#include "ir/network.hpp"

namespace hv {

// The kit's files: paths relative to the output directory (<module>_kit/...) and their texts.
std::vector<std::pair<std::string, std::string>> kit_files(const Network& net, const VerilogPlan& plan);

// Writes the kit (atomically, file by file) and returns the paths written.
std::vector<std::filesystem::path> emit_kit(const Network& net, const VerilogPlan& plan,
                                            const std::filesystem::path& dir);

}  // namespace hv
