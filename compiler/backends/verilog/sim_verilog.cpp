// simulate_verilog (see sim_verilog.hpp): renders the testbench, has Verilator generate C++ for it
// and the RTL, reuses Verilator's runtime objects from a cache when this Verilator and compiler
// built them before (they do not depend on the design; building them is most of a small design's
// build time), builds with make -j2, runs it on the vector file and judges the outputs file it
// writes against the reference (sim_common.hpp: the testbench is never given expected values).
// No shell: every tool runs through support/process.hpp, in the build directory, on fixed
// relative names (dut.v, tb_top.v, tb_main.cpp, obj_dir), so Verilator's makefile never sees a
// user's path; a work directory whose path make cannot take (spaces, `$`, quotes, non-ASCII)
// gets its build in a private temporary directory. Logs and outputs stay in work_dir
// (build.log, run.log, outputs.txt).
#include "backends/verilog/sim_verilog.hpp"

#include <cstdlib>
#include <system_error>
#include <unistd.h>

#include "compare.hpp"

#include "backends/verilog/emit_verilog.hpp"
#include "backends/verilog/sim_common.hpp"
#include "support/files.hpp"
#include "support/template.hpp"

namespace hv {

namespace {

namespace fs = std::filesystem;
using simdetail::run_logged;

const char* const kRuntimeObjects[] = {"verilated.o", "verilated_threads.o", "verilated_vcd_c.o"};

// First line of `command`'s output, reduced to [A-Za-z0-9._-] (a cache key part).
std::string key_of(const std::vector<std::string>& command, const fs::path& scratch) {
  std::string ignored;
  run_logged(command, {}, scratch, ignored);
  std::string s = read_file_or_empty(scratch), out;
  for (char c : s.substr(0, s.find('\n')))
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-') out += c;
  return out.empty() ? "unknown" : out;
}

fs::path cache_root(const VerilogSimOptions& opt) {
  if (!opt.cache_dir.empty()) return opt.cache_dir;
  if (const char* d = std::getenv("HV_CACHE_DIR"); d && *d) return d;
  if (const char* d = std::getenv("XDG_CACHE_HOME"); d && *d) return fs::path(d) / "heaviside";
  if (const char* d = std::getenv("HOME"); d && *d) return fs::path(d) / ".cache" / "heaviside";
  return {};
}

// Copies cached runtime objects into obj (newer than the makefile, so make keeps them); returns
// whether all that the build needs were there.
bool restore_runtime(const fs::path& cache, const fs::path& obj, bool trace) {
  std::error_code ec;
  for (const char* f : kRuntimeObjects) {
    if (!trace && std::string(f) == "verilated_vcd_c.o") continue;
    if (!fs::exists(cache / f, ec)) return false;
    fs::copy_file(cache / f, obj / f, fs::copy_options::overwrite_existing, ec);
    if (ec) return false;
    fs::last_write_time(obj / f, fs::file_time_type::clock::now(), ec);
  }
  return true;
}

// Stores freshly built runtime objects (copy, then rename: concurrent builds never see half a file).
void save_runtime(const fs::path& cache, const fs::path& obj) {
  std::error_code ec;
  fs::create_directories(cache, ec);
  for (const char* f : kRuntimeObjects) {
    if (!fs::exists(obj / f, ec)) continue;
    fs::path tmp = cache / (std::string(f) + ".tmp" + std::to_string(::getpid()));
    fs::copy_file(obj / f, tmp, fs::copy_options::overwrite_existing, ec);
    if (!ec) fs::rename(tmp, cache / f, ec);
    if (ec) fs::remove(tmp, ec);
  }
}

}  // namespace

std::string testbench_top(const VerilogPlan& plan) {
  std::string ports, conns;
  const std::string data = plan.options.axis ? "s_axis_tdata" : "in_data";
  int data_width = 0;
  for (const VerilogPort& port : verilog_ports(plan)) {
    if (!ports.empty()) {
      ports += ",\n";
      conns += ",\n";
    }
    ports += std::string("    ") + (port.output ? "output" : "input ") + " wire " +
             (port.width > 1 ? "[" + std::to_string(port.width - 1) + ":0] " : "") + port.name;
    conns += "      ." + port.name + "(" + (port.name == data ? std::string("tb_data_q") : port.name) + ")";
    if (port.name == data) data_width = port.width;
  }
  return render("verilog/tb_top.v", {{"TOP", verilog_top(plan)},
                                     {"TB_TOP", testbench_top_name(plan)},
                                     {"PORTS", ports},
                                     {"DATA_MSB", std::to_string(data_width - 1)},
                                     {"DATA_PORT", data},
                                     {"CONNECTIONS", conns}});
}

std::string testbench_top_name(const VerilogPlan& plan) { return plan.module + "_tb_top"; }

std::map<std::string, std::string> testbench_values(const VerilogPlan& p) {
  bool axis = p.options.axis, scores = p.options.scores;
  return {{"N_IN", std::to_string(p.n_in)},
          {"IN_BITS", std::to_string(p.in_bits)},
          {"LATENCY", std::to_string(p.latency)},
          {"FOLD", std::to_string(p.fold)},
          {"HAS_SCORES", scores ? "1" : "0"},
          {"N_SCORES", std::to_string(scores ? p.n_scores : 0)},
          {"SCORE_BITS", std::to_string(p.score_width)},
          {"SCORES_LSB", std::to_string(axis ? p.class_width : 0)},
          {"CLASS_BITS", std::to_string(p.class_width)},
          {"RST_LEVEL", axis ? "0" : "1"},
          {"P_CLK", axis ? "aclk" : "clk"},
          {"P_RST", axis ? "aresetn" : "rst"},
          {"P_IN_VALID", axis ? "s_axis_tvalid" : "in_valid"},
          {"P_IN_READY", axis ? "s_axis_tready" : "in_ready"},
          {"P_IN_DATA", axis ? "s_axis_tdata" : "in_data"},
          {"P_OUT_VALID", axis ? "m_axis_tvalid" : "out_valid"},
          {"P_OUT_READY", axis ? "m_axis_tready" : "out_ready"},
          {"P_CLASS", axis ? "m_axis_tdata" : "out_class"},
          {"P_SCORES", axis ? "m_axis_tdata" : scores ? "out_scores" : "out_class"}};
}

CheckReport simulate_verilog(const Network& net, const fs::path& rtl_file, const fs::path& vectors_file,
                             const fs::path& work_dir, const VerilogSimOptions& opt) {
  return simulate_verilog(net, prepare_verilog(net, opt.verilog), rtl_file, vectors_file, work_dir, opt);
}

CheckReport simulate_verilog(const Network& net, const VerilogPlan& plan, const fs::path& rtl_file,
                             const fs::path& vectors_file, const fs::path& work_dir, const VerilogSimOptions& opt) {
  CheckReport r;
  r.target = "verilog (verilator)";
  fs::create_directories(work_dir);
  const fs::path work = fs::absolute(work_dir);
  simdetail::BuildDir build(work);
  const fs::path root = build.path(), obj = root / "obj_dir", build_log = work / "build.log";
  fs::create_directories(obj);
  fs::copy_file(rtl_file, root / "dut.v", fs::copy_options::overwrite_existing);
  write_file_atomic(root / "tb_main.cpp", render("verilog/tb_main.cpp", testbench_values(plan)));
  write_file_atomic(root / "tb_top.v", testbench_top(plan));
  // Split generated functions: g++ is superlinear on huge ones (one neuron per wire: 200 s -> 30 s).
  std::vector<std::string> gen = {"verilator", "--cc", "--exe", "-O3", "--x-assign", "fast", "--x-initial", "fast",
                                  "--noassert", "-Wno-fatal", "--output-split-cfuncs", "200"};
  if (opt.trace) gen.insert(gen.end(), {"--trace", "-CFLAGS", "-DHV_TRACE"});
  gen.insert(gen.end(), {"--prefix", "Vhv_dut", "--top-module", testbench_top_name(plan), "-Mdir", ".", "../dut.v",
                         "../tb_top.v", "../tb_main.cpp"});
  // -O2 on the model: ~15% faster simulation than Verilator's -Os for ~10% more build time.
  const std::vector<std::string> make = {"make", "-s", "-f", "Vhv_dut.mk", "-j", "2", "Vhv_dut", "OPT_FAST=-O2"};
  if (!run_logged(gen, obj, build_log, r.log).ok()) return r;
  fs::path cache_base = cache_root(opt), cache;
  if (!cache_base.empty())
    cache = cache_base / ("verilator-" + key_of({"verilator", "--version"}, work / "key.log") + "-gcc-" +
                          key_of({"g++", "-dumpfullversion"}, work / "key.log") + (opt.trace ? "-trace" : ""));
  bool cached = !cache.empty() && restore_runtime(cache, obj, opt.trace);
  if (!run_logged(make, obj, build_log, r.log).ok()) return r;
  if (!cache.empty() && !cached) save_runtime(cache, obj);

  const fs::path outputs = work / "outputs.txt";
  std::error_code ec;
  fs::remove(outputs, ec);  // a stale file must not stand in for this run's outputs
  std::vector<std::string> exe = {(obj / "Vhv_dut").string(), fs::absolute(vectors_file).string(), outputs.string(),
                                  std::to_string(opt.seed)};
  if (opt.trace) exe.push_back((work / "trace.vcd").string());
  std::string run_log;
  ProcessResult run = run_logged(exe, work, work / "run.log", run_log);
  OutputLayout layout;
  layout.scores = plan.options.scores;
  layout.timing = true;
  layout.latency = static_cast<uint64_t>(plan.latency);
  r.log += run_log;
  simdetail::judge(net, vectors_file, outputs, layout, run, run_log, r);
  return r;
}

}  // namespace hv
