// The Verilog options shared by `compile`, `verify` and `report` (--pipeline-levels, --scores,
// --axis, --handshake): their help lines, and parsing into VerilogOptions with user errors.
#pragma once
#include <vector>

#include "args.hpp"
#include "backends/verilog/prepare_verilog.hpp"

namespace hv {

// The option specs to append to a command's own.
std::vector<OptionSpec> verilog_option_specs();

// The options given; fails (user error) on a bad value.
VerilogOptions verilog_options(const Args& args);

}  // namespace hv
