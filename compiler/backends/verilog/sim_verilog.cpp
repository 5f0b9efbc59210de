// simulate_verilog (see sim_verilog.hpp): renders the testbench, builds it with the RTL through
// Verilator, runs it on the vector file and turns its output into a CheckReport. Build and run
// output go to files in work_dir (build.log, run.log), which the report quotes when something fails.
#include "backends/verilog/sim_verilog.hpp"

#include <cstdlib>
#include <sys/wait.h>

#include "backends/verilog/prepare_verilog.hpp"
#include "support/files.hpp"
#include "support/template.hpp"

namespace hv {

namespace {

namespace fs = std::filesystem;

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// Runs `command` through the shell with stdout and stderr to `log`; returns the exit status.
int run_logged(const std::string& command, const fs::path& log) {
  std::string full = "(" + command + ") > " + shell_quote(log.string()) + " 2>&1";
  int status = std::system(full.c_str());
  if (status == -1) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string read_or_empty(const fs::path& p) {
  try {
    return read_file(p);
  } catch (const std::exception&) {
    return "";
  }
}

// Parses the testbench's stdout: mismatch lines and the final `<N> vectors, <M> mismatches`.
bool parse_run_output(const std::string& out, CheckReport& r) {
  bool summary = false;
  size_t i = 0;
  while (i < out.size()) {
    size_t eol = out.find('\n', i);
    if (eol == std::string::npos) eol = out.size();
    std::string line = out.substr(i, eol - i);
    i = eol + 1;
    const std::string tag = "mismatch vector ";
    if (line.rfind(tag, 0) == 0) {
      r.first_bad.push_back(std::strtoull(line.c_str() + tag.size(), nullptr, 10));
      r.details += line + "\n";
    } else if (line.rfind("hang:", 0) == 0) {
      r.details += line + "\n";
    } else {
      unsigned long long n = 0, m = 0;
      char tail = 0;
      if (std::sscanf(line.c_str(), "%llu vectors, %llu mismatches%c", &n, &m, &tail) == 2) {
        r.vectors = n;
        r.mismatches = m;
        summary = true;
      }
    }
  }
  return summary;
}

}  // namespace

CheckReport simulate_verilog(const Network& net, const fs::path& rtl_file, const fs::path& vectors_file,
                             const fs::path& work_dir, const VerilogSimOptions& opt) {
  CheckReport r;
  r.target = "verilog (verilator)";
  VerilogPlan plan = prepare_verilog(net);
  fs::create_directories(work_dir);
  fs::path tb = work_dir / "tb_main.cpp";
  write_file_atomic(tb, render("verilog/tb_main.cpp", {{"N_IN", std::to_string(plan.n_in)},
                                                       {"IN_BITS", std::to_string(plan.in_bits)},
                                                       {"LATENCY", std::to_string(plan.latency)}}));
  fs::path obj = work_dir / "obj_dir";
  std::string build = "verilator --cc --exe --build -O3 --x-assign fast --x-initial fast --noassert -Wno-fatal";
  if (opt.trace) build += " --trace -CFLAGS -DHV_TRACE";
  build += " --prefix Vhv_dut --top-module " + plan.module + " -Mdir " + shell_quote(obj.string()) + " -j 2 " +
           shell_quote(fs::absolute(rtl_file).string()) + " " + shell_quote(fs::absolute(tb).string());
  fs::path build_log = work_dir / "build.log";
  if (run_logged(build, build_log) != 0) {
    r.log = "$ " + build + "\n" + read_or_empty(build_log);
    return r;
  }
  std::string exe = shell_quote((obj / "Vhv_dut").string()) + " " + shell_quote(fs::absolute(vectors_file).string()) +
                    " " + std::to_string(opt.seed);
  if (opt.trace) exe += " " + shell_quote((work_dir / "trace.vcd").string());
  fs::path out_file = work_dir / "run.out", err_file = work_dir / "run.log";
  int code = run_logged(exe + " > " + shell_quote(out_file.string()), err_file);
  std::string out = read_or_empty(out_file);
  bool summary = parse_run_output(out, r);
  r.ran = summary;
  if (!summary || (code != 0) != (r.mismatches != 0))
    r.log = "$ " + exe + "\n(exit status " + std::to_string(code) + ")\n" + out + read_or_empty(err_file);
  return r;
}

}  // namespace hv
