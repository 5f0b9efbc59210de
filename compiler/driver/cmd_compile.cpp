// `heaviside compile`: model file -> flow::compile (pass pipeline, each backend prepared once and
// emitted once) -> the .v, .h and .c files, written together or not at all.
#include <algorithm>
#include <fmt/format.h>

#include "driver/commands.hpp"
#include "flow/compile.hpp"
#include "flow/load.hpp"
#include "support/diagnostics.hpp"

namespace hv::cli {

namespace {
struct CompileCli {
  flow::CompileOptions o;
  std::string output = "out";
};

int run_compile(Command& cmd, CompileCli& c) {
  if (!c.o.dump_after.empty()) {
    auto names = pass_names();
    if (std::find(names.begin(), names.end(), c.o.dump_after) == names.end())
      fail("option --dump-after: no pass named " + quote(c.o.dump_after));
  }
  for (const std::string& skip : c.o.skip_passes) {
    auto names = pass_names();
    if (std::find(names.begin(), names.end(), skip) == names.end()) fail("option --skip-pass: no pass named " + quote(skip));
  }
  if (c.o.verilog.axis_packet > 0 && !c.o.verilog.axis) fail("option --axis-packet needs --axis");
  flow::Compiled out = flow::compile(flow::load_model(cmd.args[0]), c.o);
  auto written = flow::write_outputs(out, c.output);
  std::string text;
  for (const auto& l : out.passes.lines) text += fmt::format("pass: {}\n", l);
  for (const auto& p : written) text += fmt::format("wrote {}\n", p.string());
  if (out.verilog) text += fmt::format("verilog: LATENCY {} cycles, II {}\n", out.verilog->latency_cycles, out.verilog->fold);
  print(text);
  return 0;
}
}  // namespace

void verilog_options(CLI::App& a, VerilogOptions& o) {
  const char* G = "Verilog";
  integer(a, "--pipeline-levels", o.pipeline_levels, 0, 64,
          "a register every k adder-tree levels (default 0: one stage per layer)")->group(G);
  flag(a, "--scores", o.scores, "add the out_scores port (every integer score)")->group(G);
  flag(a, "--axis", o.axis, "add the AXI4-Stream wrapper module <name>_axis")->group(G);
  flag(a, "--axi-lite", o.axi_lite,
       "add <name>_regs: AXI4-Lite registers (model hash, LATENCY, II, sizes, vector/result/stall counters)")->group(G);
  integer(a, "--axis-packet", o.axis_packet, 0, 1 << 20,
          "with --axis, m_axis_tlast on every n-th result (default 0: s_axis_tlast passed through)")->group(G);
  integer(a, "--fold", o.fold, 1, 4096,
          "k: each layer takes k clocks per vector (II = k), its neurons time-shared by k (default 1: unrolled)")->group(G);
  static const std::vector<std::pair<std::string, bool>> on_off = {{"on", true}, {"off", false}};
  choice(a, "--share-trees", o.share_trees, on_off, "on or off (default): hidden neurons with equal weights share one adder tree")
      ->group(G);
  static const std::vector<std::pair<std::string, bool>> handshakes = {{"skid", true}, {"enable", false}};
  choice(a, "--handshake", o.skid, handshakes, "skid (default; in_ready is a register) or enable (global enable)")->group(G);
}

Command make_compile() {
  Command cmd;
  cmd.name = "compile";
  cmd.summary = "lower a model (.hnet) to Verilog and C";
  cmd.positionals = {"model.hnet"};
  cmd.app = std::make_unique<CLI::App>("", "compile");
  CLI::App& a = *cmd.app;
  a.set_help_flag();
  auto st = std::make_shared<CompileCli>();
  const char* G = "Output";
  text(a, "-o,--output", st->output, "directory for the generated files (default: out)", "<dir>")->group(G);
  choice(a, "--target", st->o.target, flow::target_names(), "verilog, c, or all (default all)")->group(G);
  text(a, "--dump-after", st->o.dump_after, "print the model after the named pass to stderr", "<pass>")->group(G);
  a.add_option("--skip-pass", st->o.skip_passes, "do not run the named pass (to measure what it buys; the result stays exact)")
      ->type_name("<pass>")
      ->group(G);
  G = "Integration kit";
  flag(a, "--kit", st->o.verilog.kit,
       "also write <module>_kit/ (self-checking testbench, vectors, run.sh, Makefile, .vh/.sv interface, XDC/PCF)")->group(G);
  integer(a, "--kit-vectors", st->o.verilog.kit_vectors, 1, 1000000,
          "random vectors in the kit's testbench (default 256; plus tie vectors)")->group(G);
  number(a, "--clock-mhz", st->o.verilog.kit_mhz, "the clock of the kit's example constraints in MHz (default 100)",
         positive, "must be positive")->group(G);
  verilog_options(a, st->o.verilog);
  G = "C firmware";
  integer(a, "--c-word-bits", st->o.c.word_bits, 8, 32,
          "word size packing hidden activations, 8, 16 or 32 (default 32; 8 suits AVR)")->group(G);
  text(a, "--c-dot", st->o.c.dot, "layers with binary inputs use auto, walk or planes (default auto: cost model)", "<method>")->group(G);
  text(a, "--c-layer0", st->o.c.layer0,
       "hidden layer 0 stores its weights dense, unrolled, sparse or signs (weights -1..1) (default auto: cost model)",
       "<method>")
      ->group(G);
  text(a, "--c-layout", st->o.c.layout,
       "flat (<name>.h/.c, default), or an arduino or platformio library folder <name>/", "<layout>")->group(G);
  memory_limit(a);
  standard_flags(a);
  cmd.run = [st](Command& c) { return run_compile(c, *st); };
  return cmd;
}

}  // namespace hv::cli
