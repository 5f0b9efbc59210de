// Helpers shared by the simulation targets of the Verilog backend (Verilator, Icarus): running a
// shell command with its output logged to a file, and reading a testbench's report lines.
#pragma once
#include <filesystem>
#include <string>

#include "vectors.hpp"

namespace hv::simdetail {

std::string shell_quote(const std::string& s);

// Runs `command` through the shell with stdout and stderr to `log`; returns the exit status.
int run_logged(const std::string& command, const std::filesystem::path& log);

std::string read_or_empty(const std::filesystem::path& p);

// Parses a testbench's stdout: `mismatch vector <i>: ...` and `hang: ...` lines into r.details /
// r.first_bad, and the final `<N> vectors, <M> mismatches` into r.vectors / r.mismatches.
// Returns whether that summary line was found.
bool parse_run_output(const std::string& out, CheckReport& r);

}  // namespace hv::simdetail
