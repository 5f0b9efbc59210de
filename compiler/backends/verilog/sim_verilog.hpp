// Cycle-accurate check of generated Verilog: builds it with Verilator together with a testbench
// rendered from templates/verilog/tb_main.cpp, streams a vector file through the valid/ready
// interface under random stalls, and compares every output with the expected values.
#pragma once
#include <cstdint>
#include <filesystem>

#include "ir/network.hpp"
#include "vectors.hpp"

namespace hv {

struct VerilogSimOptions {
  uint64_t seed = 1;
  bool trace = false;  // write a VCD to work_dir/trace.vcd
};

CheckReport simulate_verilog(const Network& net, const std::filesystem::path& rtl_file,
                             const std::filesystem::path& vectors_file, const std::filesystem::path& work_dir,
                             const VerilogSimOptions& opt);

}  // namespace hv
