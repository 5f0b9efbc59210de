// `heaviside compile`: model file -> pass pipeline -> Verilog and C (prepare, then emit).
#include <algorithm>
#include <cstdio>

#include "args.hpp"
#include "backends/c/emit_c.hpp"
#include "backends/c/prepare_c.hpp"
#include "backends/verilog/emit_verilog.hpp"
#include "commands.hpp"
#include "frontend/hnet_parse.hpp"
#include "passes/pipeline.hpp"
#include "support/diagnostics.hpp"
#include "support/files.hpp"
#include "verilog_args.hpp"

namespace hv {

namespace {
std::vector<OptionSpec> spec() {
  std::vector<OptionSpec> s = {
      {"output", true, "directory for the generated files (default: out); also -o"},
      {"target", true, "verilog, c, or all (default all)"},
      {"dump-after", true, "print the model after the named pass to stderr"},
      {"skip-pass", true, "do not run the named pass (to measure what it buys; the result stays exact)"},
      {"kit", false, "Verilog: also write <module>_kit/ (testbench, vectors, run.sh, Makefile, .vh/.sv, XDC/PCF)"},
      {"kit-vectors", true, "Verilog: random vectors in the kit's testbench (default 256; plus tie vectors)"},
      {"clock-mhz", true, "Verilog: the clock of the kit's example constraints (default 100)"},
      {"c-word-bits", true, "C: word size packing hidden activations, 8, 16 or 32 (default 32; 8 suits AVR)"},
      {"c-dot", true, "C: layers with binary inputs use auto, walk or planes (default auto: cost model)"},
      {"c-layer0", true,
       "C: hidden layer 0 stores its weights dense, unrolled, sparse or signs (weights -1..1) (default auto: cost model)"},
      {"c-layout", true, "C: flat (<name>.h/.c, default), or an arduino or platformio library folder <name>/"},
      memory_limit_option(),
      {"help", false, "this text"},
  };
  for (auto& o : verilog_option_specs()) s.push_back(o);
  return s;
}
const std::vector<OptionSpec> kSpec = spec();
}  // namespace

int cmd_compile(const std::vector<std::string>& raw) {
  std::vector<std::string> argv = raw;
  for (auto& a : argv)
    if (a == "-o") a = "--output";
  if (wants_help(argv)) {
    std::printf("usage: heaviside compile <model.hnet> [options]\n\n%s", options_help(kSpec).c_str());
    return 0;
  }
  Args args("compile", kSpec, argv);
  apply_memory_limit(args);
  args.expect_positional({"model.hnet"});
  std::string target = args.str("target", "all");
  if (target != "all" && target != "verilog" && target != "c")
    fail("option --target is " + quote(target) + ", expected verilog, c or all");
  VerilogOptions vopt = verilog_options(args);
  vopt.kit = args.flag("kit");
  vopt.kit_vectors = static_cast<int>(args.integer("kit-vectors", 256, 1, 1000000));
  vopt.kit_mhz = static_cast<double>(args.integer("clock-mhz", 100, 1, 2000));
  std::string dump = args.str("dump-after", "");
  if (!dump.empty()) {
    auto names = pass_names();
    if (std::find(names.begin(), names.end(), dump) == names.end()) fail("option --dump-after: no pass named " + quote(dump));
  }
  std::string skip = args.str("skip-pass", "");
  if (!skip.empty()) {
    auto names = pass_names();
    if (std::find(names.begin(), names.end(), skip) == names.end()) fail("option --skip-pass: no pass named " + quote(skip));
  }
  Network net = read_hnet(args.positional()[0]);
  PassLog plog;
  net = run_pipeline(net, plog, dump, skip.empty() ? std::vector<std::string>{} : std::vector<std::string>{skip});
  std::string dir = args.str("output", "out");
  COptions copt;
  copt.word_bits = static_cast<int>(args.integer("c-word-bits", 32, 8, 32));
  copt.dot = args.str("c-dot", "auto");
  copt.layer0 = args.str("c-layer0", "auto");
  copt.layout = args.str("c-layout", "flat");
  if (target != "verilog") prepare_c(net, copt);  // a bad C option fails before anything is written
  std::vector<std::filesystem::path> written;
  OutputBatch batch;  // the .v, .h and .c appear together or not at all
  int latency = 0;
  if (target != "c") {
    for (auto& p : emit_verilog(net, dir, vopt)) written.push_back(p);
    latency = prepare_verilog(net, vopt).latency;
  }
  if (target != "verilog")
    for (auto& p : emit_c(net, dir, copt)) written.push_back(p);
  batch.commit();
  for (const auto& l : plog.lines) std::printf("pass: %s\n", l.c_str());
  for (const auto& p : written) std::printf("wrote %s\n", p.string().c_str());
  if (target != "c") std::printf("verilog: LATENCY %d cycles, II 1\n", latency);
  return 0;
}

}  // namespace hv
