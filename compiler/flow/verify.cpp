// flow/verify: vectors, one compile, each target checked (see verify.hpp).
#include "flow/verify.hpp"

#include <chrono>
#include <optional>
#include <fmt/format.h>

#include "backends/c/check_c.hpp"
#include "backends/c/prepare_c.hpp"
#include "backends/verilog/sim_verilog.hpp"
#include "support/diagnostics.hpp"
#include "support/files.hpp"
#include "support/resources.hpp"
#include "boundary.hpp"
#include "vectors.hpp"

namespace hv::flow {

namespace fs = std::filesystem;

namespace {
// Per vector: the input row (vector header, allocator slack, n_in values), its origin string, and
// its line of the vector file (inputs, class, scores as decimal text).
void check_vectors_memory(const Network& net, size_t n_vectors) {
  uint64_t n_in = net.inputs.size(), n_scores = static_cast<uint64_t>(net.output.n_out);
  uint64_t per_vector = add_sat(add_sat(112, mul_sat(n_in, 8 + 7)), mul_sat(n_scores, 21));
  check_memory("", "verification", mul_sat(n_vectors, per_vector),
               std::to_string(n_vectors) + " vectors of " + std::to_string(n_in) + " inputs",
               "use fewer random vectors or raise the memory limit");
}

TargetResult result_of(const CheckReport& r, const VectorSet& vs, std::chrono::steady_clock::time_point t0) {
  TargetResult t;
  t.target = r.target;
  t.ran = r.ran;
  t.vectors = r.vectors;
  t.mismatches = r.mismatches;
  t.first_bad = r.first_bad;
  for (size_t i : r.first_bad) t.first_bad_origin.push_back(i < vs.origin.size() ? vs.origin[i] : "?");
  t.details = r.details;
  t.log = r.log;
  t.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  t.pass = r.ran && r.mismatches == 0 && r.vectors == vs.inputs.size();
  return t;
}
}  // namespace

VerifyResult verify(const Network& net, const VerifyOptions& opt) {
  if (opt.data_rows.empty() && opt.random == 0) fail("nothing to verify: no data rows and no random vectors");
  check_vectors_memory(net, opt.data_rows.size() + opt.random);
  const bool do_v = wants_verilog(opt.target), do_c = wants_c(opt.target);
  const fs::path work = opt.work.empty() ? (opt.dir.empty() ? fs::path("out") : opt.dir) / "verify" : opt.work;
  fs::path rtl, csrc;
  std::optional<VerilogPlan> plan;  // prepared once, for the file name and the simulations
  if (opt.dir.empty()) {
    CompileOptions co;
    co.target = opt.target;
    co.verilog = opt.verilog;
    co.c = opt.c;
    co.run_passes = false;
    Compiled compiled = compile(net, co);
    const fs::path gen = work / "generated";
    write_outputs(compiled, gen);
    if (do_v) {
      rtl = gen / compiled.verilog_file;
      plan = *compiled.verilog;
    }
    if (do_c) csrc = gen / compiled.c_source;
  } else {
    if (do_v) {
      plan = prepare_verilog(net, opt.verilog);
      rtl = opt.dir / (plan->module + ".v");
    }
    if (do_c) csrc = opt.dir / (prepare_c(net).model + ".c");
    for (const fs::path& p : {rtl, csrc})
      if (!p.empty() && !fs::exists(p)) fail(quote_path(p.string()) + " does not exist (compile the model into that directory first)");
  }

  VerifyResult res;
  res.model = net.name;
  VectorSet vs = make_vectors(net, opt.data_rows, 0, opt.seed);
  const BoundaryReport boundaries = find_boundaries(net, opt.seed, opt.data_rows);
  res.tie_vectors = add_boundary_vectors(boundaries, vs, opt.ties);
  add_random_vectors(net, vs, opt.random, opt.seed);
  res.data_rows = opt.data_rows.size();
  res.random_vectors = opt.random;
  res.boundaries_covered = boundaries.covered;
  res.boundaries_unreachable = boundaries.unreachable;
  res.boundaries_not_found = boundaries.not_found;
  res.boundary_summary = boundaries.summary();
  for (const Boundary& b : boundaries.items)
    if (b.status == BoundaryStatus::not_found) res.boundaries_missing.push_back(b.what);
  res.vectors = vs.inputs.size();
  const fs::path vfile = work / "vectors.txt";
  write_file_atomic(vfile, vectors_text(net, vs));

  if (do_v) {
    VerilogSimOptions so;
    so.seed = opt.seed;
    so.trace = opt.trace;
    so.verilog = opt.verilog;
    auto t0 = std::chrono::steady_clock::now();
    res.targets.push_back(result_of(simulate_verilog(net, *plan, rtl, vfile, work / "verilog", so), vs, t0));
    if (opt.icarus) {
      t0 = std::chrono::steady_clock::now();
      res.targets.push_back(result_of(simulate_icarus(net, *plan, rtl, vfile, work / "icarus", so), vs, t0));
    }
  }
  if (do_c) {
    auto t0 = std::chrono::steady_clock::now();
    res.targets.push_back(result_of(check_c(net, csrc, vfile, work / "c"), vs, t0));
  }
  res.pass = !res.targets.empty();
  for (const auto& t : res.targets) res.pass = res.pass && t.pass;
  return res;
}

std::string verify_header(const VerifyResult& r) {
  std::string out = fmt::format("verify {}: {} vectors ({} data rows, {} on a decision boundary, {} random)\n{}\n",
                                r.model, r.vectors, r.data_rows, r.tie_vectors, r.random_vectors, r.boundary_summary);
  for (size_t i = 0; i < r.boundaries_missing.size() && i < 5; ++i)
    out += fmt::format("  not found: {}\n", r.boundaries_missing[i]);
  return out;
}

std::string verify_summary(const VerifyResult& r) {
  std::string out;
  for (const auto& t : r.targets) {
    if (!t.ran) {
      out += fmt::format("{:<20} FAILED to build or run ({:.1f} s)\n{}\n", t.target + ":", t.seconds, t.log);
      continue;
    }
    out += fmt::format("{:<20} {} vectors, {} mismatches ({:.1f} s)\n", t.target + ":", t.vectors, t.mismatches,
                       t.seconds);
    if (t.mismatches == 0) continue;
    for (size_t i = 0; i < t.first_bad.size(); ++i)
      out += fmt::format("  first mismatches include vector {} ({})\n", t.first_bad[i], t.first_bad_origin[i]);
    out += t.details;
    if (!t.details.empty() && t.details.back() != '\n') out += "\n";
  }
  out += r.pass ? "PASS: every target agrees with the reference on every vector\n"
                : "FAIL: a target disagrees with the reference (see above)\n";
  return out;
}

}  // namespace hv::flow
