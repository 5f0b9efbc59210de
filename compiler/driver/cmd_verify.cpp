// `heaviside verify`: the gate. flow::verify builds the vectors, compiles once (or takes the files
// of --dir), checks the Verilog in Verilator (optionally Icarus) and the C natively; this prints
// the result (and writes it as JSON on request). Exit 1 on any mismatch or a target that does not
// build or run.
#include <fmt/format.h>

#include "driver/commands.hpp"
#include "flow/json.hpp"
#include "flow/load.hpp"
#include "flow/verify.hpp"
#include "passes/pipeline.hpp"
#include "support/diagnostics.hpp"
#include "support/files.hpp"

namespace hv::cli {

namespace {
struct VerifyCli {
  flow::VerifyOptions o;
  std::optional<std::string> data, labels, json, dir, work;
};

int run_verify(Command& cmd, VerifyCli& c) {
  if (c.labels && !c.data) fail("option --labels needs --data (the images whose labels it holds)");
  PassLog plog;
  Network net = run_pipeline(flow::load_model(cmd.args[0]), plog);
  if (c.data) c.o.data_rows = flow::load_model_data(net, {*c.data, c.labels.value_or(""), ""}).q;
  if (c.o.data_rows.empty() && c.o.random == 0) fail("nothing to verify: give --data or --random > 0");
  if (c.dir) c.o.dir = *c.dir;
  if (c.work) c.o.work = *c.work;
  flow::VerifyResult r = flow::verify(net, c.o);
  print(flow::verify_header(r) + flow::verify_summary(r));
  if (c.json) {
    write_file_atomic(*c.json, flow::json_text(flow::to_json(r)));
    print(fmt::format("wrote {}\n", *c.json));
  }
  return r.pass ? 0 : 1;
}
}  // namespace

Command make_verify() {
  Command cmd;
  cmd.name = "verify";
  cmd.summary = "check the Verilog (Verilator) and the C against the reference, bit for bit";
  cmd.positionals = {"model.hnet"};
  cmd.app = std::make_unique<CLI::App>("", "verify");
  CLI::App& a = *cmd.app;
  a.set_help_flag();
  auto st = std::make_shared<VerifyCli>();
  flow::VerifyOptions& o = st->o;
  const char* G = "Vectors";
  text(a, "--data", st->data, "CSV file or IDX images whose rows are used as test vectors (quantized like the model's inputs)")
      ->group(G);
  text(a, "--labels", st->labels, "IDX: the label file of the --data images (default: the MNIST-named one, if any)")->group(G);
  integer(a, "--random", o.random, 0, 100'000'000, "number of seeded random vectors added (default 10000)")
      ->group(G);
  integer(a, "--ties", o.ties, 0, 100'000'000, "at most this many boundary vectors (z = -1, 0, +1; score ties) are added (default: all)")
      ->group(G);
  integer(a, "--seed", o.seed, 0, INT64_MAX, "seed for the generated vectors and the stall pattern (default 1)")->group(G);
  G = "Targets";
  choice(a, "--target", o.target, flow::target_names(), "verilog, c, or all (default all)")->group(G);
  text(a, "--dir", st->dir, "directory holding previously generated <name>.v / .c to check (default: generate)", "<dir>")->group(G);
  text(a, "--work", st->work, "scratch directory for builds and vector files (default: <dir or out>/verify)", "<dir>")->group(G);
  flag(a, "--trace", o.trace, "write a VCD of the Verilator run to <work>/verilog/trace.vcd")->group(G);
  flag(a, "--icarus", o.icarus, "also simulate the Verilog in Icarus Verilog (slow: small vector sets)")->group(G);
  text(a, "--json", st->json, "also write the result (per target: vectors, mismatches, first bad vectors) to this JSON file")
      ->group(G);
  verilog_options(a, o.verilog);
  memory_limit(a);
  standard_flags(a);
  cmd.run = [st](Command& c) { return run_verify(c, *st); };
  return cmd;
}

}  // namespace hv::cli
