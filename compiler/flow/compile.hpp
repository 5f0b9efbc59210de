// flow/compile: a model through the pass pipeline, then each chosen backend prepared ONCE (its
// plan: names, widths, layout, every decision) and emitted once from that plan, as texts.
// Writing them is a separate step (write_outputs: all files appear together or none does), so a
// caller can keep them in memory (the Python package, the verify flow) or put them anywhere.
// Options of a backend live in its own struct (VerilogOptions, COptions), carried whole.
#pragma once
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "backends/c/prepare_c.hpp"
#include "backends/verilog/prepare_verilog.hpp"
#include "ir/network.hpp"
#include "passes/pipeline.hpp"

namespace hv::flow {

enum class Target { all, verilog, c };
const std::vector<std::pair<std::string, Target>>& target_names();
std::string to_string(Target t);
inline bool wants_verilog(Target t) { return t != Target::c; }
inline bool wants_c(Target t) { return t != Target::verilog; }

struct CompileOptions {
  Target target = Target::all;
  VerilogOptions verilog;
  COptions c;
  std::string dump_after;  // a pass whose output is printed to stderr ("" : none)
  std::vector<std::string> skip_passes;  // passes not run (to measure what one buys; outputs stay exact)
  bool run_passes = true;  // false: the network has been through the pipeline already
};

struct GeneratedFile {
  std::string name;  // path relative to the output directory (a kit or library folder has '/')
  std::string text;
};

struct Compiled {
  std::shared_ptr<const Network> net;  // after the pipeline; the C plan points into it
  PassLog passes;
  std::optional<VerilogPlan> verilog;
  std::optional<CPlan> c;
  std::vector<GeneratedFile> files;  // <module>.v (and its kit), then the C header and source (and library files)
  std::string verilog_file, c_header, c_source;  // names within `files` ("" : not generated)
};

// Fails (UserError) on a bad backend option before anything is emitted; `dump_after` must name a
// pass (pass_names()).
Compiled compile(Network net, const CompileOptions& opt);

// Writes every file of `c` into `dir` (created if needed) atomically as one batch; returns the paths.
std::vector<std::filesystem::path> write_outputs(const Compiled& c, const std::filesystem::path& dir);

}  // namespace hv::flow
