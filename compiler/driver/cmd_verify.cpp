// `heaviside verify`: the gate. Builds test vectors (the dataset's rows, quantized, boundary
// vectors where a neuron's z is -1, 0 or +1 or a score decision is at or next to its tie, found
// by an exact search or proven unreachable (runtime/boundary.hpp), and seeded random vectors),
// runs the generated Verilog in Verilator (cycle-accurate, under random stalls; optionally also
// in Icarus) and the C natively on them, and compares what they output with the reference, in
// this process. Prints the boundary coverage, `<target>: N vectors, M mismatches` per target and
// the first mismatching vectors; exit 1 on any mismatch or on a target that does not build or run.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>

#include "args.hpp"
#include "backends/c/check_c.hpp"
#include "backends/c/emit_c.hpp"
#include "backends/c/prepare_c.hpp"
#include "backends/verilog/emit_verilog.hpp"
#include "backends/verilog/prepare_verilog.hpp"
#include "backends/verilog/sim_verilog.hpp"
#include "boundary.hpp"
#include "commands.hpp"
#include "frontend/hnet_parse.hpp"
#include "passes/pipeline.hpp"
#include "support/diagnostics.hpp"
#include "support/files.hpp"
#include "vectors.hpp"
#include "verilog_args.hpp"

namespace hv {

namespace fs = std::filesystem;

namespace {
std::vector<OptionSpec> spec() {
  std::vector<OptionSpec> s = {
      {"data", true, "CSV file or IDX images whose rows are used as test vectors (quantized like the model's inputs)"},
      {"random", true, "number of seeded random vectors added (default 10000)"},
      {"ties", true, "at most this many boundary vectors (z = -1, 0, +1; score ties) are added (default: all)"},
      {"seed", true, "seed for the generated vectors and the stall pattern (default 1)"},
      {"dir", true, "directory holding previously generated <name>.v / .c to check (default: generate)"},
      {"work", true, "scratch directory for builds and vector files (default: <dir or out>/verify)"},
      {"target", true, "verilog, c, or all (default all)"},
      {"trace", false, "write a VCD of the Verilator run to <work>/verilog/trace.vcd"},
      {"icarus", false, "also simulate the Verilog in Icarus Verilog (slow: small vector sets)"},
      memory_limit_option(),
      {"help", false, "this text"},
  };
  for (auto& o : verilog_option_specs()) s.push_back(o);
  return s;
}
const std::vector<OptionSpec> kSpec = spec();

void print_report(const CheckReport& r, const VectorSet& vs, double seconds) {
  if (!r.ran) {
    std::printf("%-20s FAILED to build or run (%.1f s)\n%s\n", (r.target + ":").c_str(), seconds, r.log.c_str());
    return;
  }
  std::printf("%-20s %zu vectors, %zu mismatches (%.1f s)\n", (r.target + ":").c_str(), r.vectors, r.mismatches,
              seconds);
  if (r.mismatches == 0) return;
  for (size_t idx : r.first_bad)
    if (idx < vs.origin.size()) std::printf("  first mismatches include vector %zu (%s)\n", idx, vs.origin[idx].c_str());
  std::printf("%s", r.details.c_str());
  if (!r.details.empty() && r.details.back() != '\n') std::printf("\n");
}
}  // namespace

int cmd_verify(const std::vector<std::string>& argv) {
  if (wants_help(argv)) {
    std::printf("usage: heaviside verify <model.hnet> [options]\n\n%s", options_help(kSpec).c_str());
    return 0;
  }
  Args args("verify", kSpec, argv);
  apply_memory_limit(args);
  args.expect_positional({"model.hnet"});
  std::string target = args.str("target", "all");
  if (target != "all" && target != "verilog" && target != "c")
    fail("option --target is " + quote(target) + ", expected verilog, c or all");
  size_t n_random = static_cast<size_t>(args.integer("random", 10000, 0, 100'000'000));
  size_t n_ties = static_cast<size_t>(args.integer("ties", 100'000'000, 0, 100'000'000));
  VerilogOptions vopt = verilog_options(args);
  uint64_t seed = static_cast<uint64_t>(args.integer("seed", 1, 0, INT64_MAX));

  Network net = read_hnet(args.positional()[0]);
  PassLog plog;
  net = run_pipeline(net, plog);

  std::vector<std::vector<int64_t>> rows;
  if (args.has("data")) rows = read_model_data(net, args.str("data", "")).q;
  if (rows.empty() && n_random == 0) fail("nothing to verify: give --data or --random > 0");
  check_vectors_memory(net, rows.size() + n_random);

  fs::path dir = args.str("dir", "");
  fs::path work = args.str("work", ((dir.empty() ? fs::path("out") : dir) / "verify").string());
  fs::path gen = dir.empty() ? work / "generated" : dir;
  fs::path rtl = gen / (prepare_verilog(net, vopt).module + ".v"), csrc = gen / (prepare_c(net).model + ".c");
  bool do_v = target != "c", do_c = target != "verilog";
  if (dir.empty()) {
    if (do_v) emit_verilog(net, gen, vopt);
    if (do_c) emit_c(net, gen);
  } else {
    if (do_v && !fs::exists(rtl)) fail(quote_path(rtl.string()) + " does not exist (run 'heaviside compile' first)");
    if (do_c && !fs::exists(csrc)) fail(quote_path(csrc.string()) + " does not exist (run 'heaviside compile' first)");
  }

  VectorSet vs = make_vectors(net, rows, 0, seed);
  BoundaryReport boundaries = find_boundaries(net, seed, rows);
  size_t ties = add_boundary_vectors(boundaries, vs, n_ties);
  add_random_vectors(net, vs, n_random, seed);
  fs::path vfile = work / "vectors.txt";
  write_file_atomic(vfile, vectors_text(net, vs));
  std::printf("verify %s: %zu vectors (%zu data rows, %zu on a decision boundary, %zu random)\n", net.name.c_str(),
              vs.inputs.size(), rows.size(), ties, n_random);
  std::printf("%s\n", boundaries.summary().c_str());
  size_t shown = 0;
  for (const Boundary& b : boundaries.items)
    if (b.status == BoundaryStatus::not_found && shown++ < 5) std::printf("  not found: %s\n", b.what.c_str());

  bool ok = true;
  if (do_v) {
    auto t0 = std::chrono::steady_clock::now();
    VerilogSimOptions so;
    so.seed = seed;
    so.trace = args.flag("trace");
    so.verilog = vopt;
    CheckReport r = simulate_verilog(net, rtl, vfile, work / "verilog", so);
    print_report(r, vs, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    ok = ok && r.ran && r.mismatches == 0 && r.vectors == vs.inputs.size();
    if (args.flag("icarus")) {
      t0 = std::chrono::steady_clock::now();
      r = simulate_icarus(net, rtl, vfile, work / "icarus", so);
      print_report(r, vs, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
      ok = ok && r.ran && r.mismatches == 0 && r.vectors == vs.inputs.size();
    }
  }
  if (do_c) {
    auto t0 = std::chrono::steady_clock::now();
    CheckReport r = check_c(net, csrc, vfile, work / "c");
    print_report(r, vs, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    ok = ok && r.ran && r.mismatches == 0 && r.vectors == vs.inputs.size();
  }
  std::printf("%s\n", ok ? "PASS: every target agrees with the reference on every vector"
                         : "FAIL: a target disagrees with the reference (see above)");
  return ok ? 0 : 1;
}

}  // namespace hv
