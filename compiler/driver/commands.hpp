// The subcommands of the `heaviside` CLI, one file each (cmd_<name>.cpp): each builds its CLI11
// app, binding every option to a field of the flow API's option structs, and runs the flow.
#pragma once
#include "driver/cli.hpp"
#include "backends/verilog/prepare_verilog.hpp"

namespace hv::cli {

Command make_train();
Command make_compile();
Command make_verify();
Command make_predict();
Command make_report();

// The Verilog options compile, verify and report share (--pipeline-levels, --scores, --axis,
// --handshake), bound to `o`.
void verilog_options(CLI::App& app, VerilogOptions& o);

// Writes `text` to stdout; a failed write is a user error (a full disk, a closed pipe).
void print(const std::string& text);

}  // namespace hv::cli
