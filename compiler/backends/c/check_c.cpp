// check_c: native, bit-exact check of emitted C (see check_c.hpp). Renders templates/c/harness.c
// for the model, builds it with the firmware using the host `cc` at strict C99 flags, runs it on
// the vector file (inputs only) and compares the outputs file it writes with the reference, in
// this process (runtime/compare.hpp): the harness is never given the expected values, and what it
// prints or exits with cannot make a wrong output agree. Every tool runs without a shell
// (support/process.hpp), so paths are data whatever they contain. Compiler and run output go to
// cc.log and run.log in work_dir. POSIX only.
#include "backends/c/check_c.hpp"

#include <sstream>

#include "backends/c/prepare_c.hpp"
#include "compare.hpp"
#include "ir/hash.hpp"
#include "support/files.hpp"
#include "support/process.hpp"
#include "support/template.hpp"
#include "support/version.hpp"

namespace hv {

namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kCompile = {"cc", "-std=c99", "-O2", "-Wall", "-Wextra", "-Wpedantic",
                                           "-Wconversion", "-Werror"};

std::string harness_text(const Network& net, const CPlan& plan) {
  return render("c/harness.c", {{"VERSION", kVersion},
                                {"MODEL", net.name},
                                {"HASH", network_hash_hex(net)},
                                {"PREFIX", plan.prefix},
                                {"MACRO", plan.macro},
                                {"HEADER", plan.model + ".h"},
                                {"INPUT_T", plan.input_type},
                                {"SCORE_T", plan.score_type}});
}

// The command as a line for the log (display only: the arguments are passed as they are).
std::string shown(const std::vector<std::string>& argv) {
  std::string s = "$";
  for (const auto& a : argv) s += " " + a;
  return s + "\n";
}

}  // namespace

CheckReport check_c(const Network& net, const fs::path& c_file, const fs::path& vectors_file,
                    const fs::path& work_dir, const std::string& extra_flags) {
  CheckReport report;
  report.target = "c (cc)";
  const CPlan plan = prepare_c(net);
  VectorSet vs;
  try {
    vs = parse_vectors_text(net, read_file(vectors_file), vectors_file.string());
  } catch (const std::exception& e) {
    report.log = std::string(e.what()) + "\n";
    return report;
  }
  fs::create_directories(work_dir);
  const fs::path dir = fs::absolute(work_dir);
  const fs::path harness = dir / "harness.c", exe = dir / "check", outputs = dir / "outputs.txt";
  write_file_atomic(harness, harness_text(net, plan));
  fs::path include = c_file.parent_path();
  if (include.empty()) include = ".";

  std::vector<std::string> compile = kCompile;
  std::istringstream flags(extra_flags);
  for (std::string f; flags >> f;) compile.push_back(f);
  // -iquote, not -I: the model's directory serves #include "..." only, so a generated header can
  // never stand in for a system one.
  compile.insert(compile.end(), {"-iquote", fs::absolute(include).string(), fs::absolute(c_file).string(),
                                 harness.string(), "-o", exe.string()});
  ProcessOptions po;
  po.stdout_file = po.stderr_file = dir / "cc.log";
  ProcessResult rc = run_process(compile, po);
  report.log = shown(compile) + read_file_or_empty(dir / "cc.log");
  if (!rc.ok()) {
    report.log += "(the compiler " + describe(rc, po) + ")\n";
    return report;
  }

  std::error_code ec;
  fs::remove(outputs, ec);  // a stale file must not stand in for this run's outputs
  const std::vector<std::string> run = {exe.string(), fs::absolute(vectors_file).string(), outputs.string()};
  po.stdout_file = po.stderr_file = dir / "run.log";
  rc = run_process(run, po);
  report.log += shown(run) + read_file_or_empty(dir / "run.log");
  OutputLayout layout;
  layout.first_is_score0 = net.regression();  // a regressor's predict returns score 0
  compare_outputs(net, vs.inputs, read_file_or_empty(outputs), layout, report);
  if (!rc.ok()) {
    report.ran = false;
    report.log += "(the harness " + describe(rc, po) + ")\n";
  }
  return report;
}

}  // namespace hv
