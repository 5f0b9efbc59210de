// Checking generated Verilog by simulation. simulate_verilog builds it with Verilator together
// with a testbench rendered from templates/verilog/tb_main.cpp; simulate_icarus runs it in Icarus
// Verilog with templates/verilog/tb_icarus.v. Both stream a vector file (runtime/vectors.hpp)
// through the valid/ready (or AXI4-Stream) interface under random stalls, and compare every output
// (class, and scores when the design has them) and its cycle with the expected values.
#pragma once
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

#include "backends/verilog/prepare_verilog.hpp"
#include "ir/network.hpp"
#include "vectors.hpp"

namespace hv {

struct VerilogSimOptions {
  uint64_t seed = 1;
  bool trace = false;       // write a VCD to work_dir/trace.vcd (Verilator)
  VerilogOptions verilog;   // the options the RTL was generated with (ports, LATENCY)
  // Where Verilator's runtime objects are kept between builds (per Verilator and compiler
  // version); empty: $HV_CACHE_DIR, else $XDG_CACHE_HOME/heaviside, else ~/.cache/heaviside.
  std::filesystem::path cache_dir;
};

CheckReport simulate_verilog(const Network& net, const std::filesystem::path& rtl_file,
                             const std::filesystem::path& vectors_file, const std::filesystem::path& work_dir,
                             const VerilogSimOptions& opt);

CheckReport simulate_icarus(const Network& net, const std::filesystem::path& rtl_file,
                            const std::filesystem::path& vectors_file, const std::filesystem::path& work_dir,
                            const VerilogSimOptions& opt);

// The same with the plan the RTL was printed from (prepare_verilog(net, opt.verilog)), for a
// caller that already has it; the two above prepare it.
CheckReport simulate_verilog(const Network& net, const VerilogPlan& plan, const std::filesystem::path& rtl_file,
                             const std::filesystem::path& vectors_file, const std::filesystem::path& work_dir,
                             const VerilogSimOptions& opt);
CheckReport simulate_icarus(const Network& net, const VerilogPlan& plan, const std::filesystem::path& rtl_file,
                            const std::filesystem::path& vectors_file, const std::filesystem::path& work_dir,
                            const VerilogSimOptions& opt);

// The Verilator testbench's top module (templates/verilog/tb_top.v): <module>_tb_top, which no
// module of the design can be named.
std::string testbench_top_name(const VerilogPlan& plan);
// Its text: the design's ports (verilog_ports) passed through, the data input behind a register
// that tb_main.cpp loads with a rising edge on tb_load when it drives a new vector.
std::string testbench_top(const VerilogPlan& plan);

// The placeholder values both testbenches share: sizes, LATENCY, and the design's port names.
std::map<std::string, std::string> testbench_values(const VerilogPlan& plan);

}  // namespace hv
