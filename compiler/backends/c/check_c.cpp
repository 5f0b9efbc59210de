// check_c: native, bit-exact check of emitted C (see check_c.hpp). Renders templates/c/harness.c
// for the model, builds it with the firmware using the host `cc` at strict C99 flags, runs it on
// the vector file and turns its output ("mismatch vector ..." lines, then "<N> vectors, <M>
// mismatches") into a CheckReport. Compiler and run output go to files in work_dir. POSIX only.
#include "backends/c/check_c.hpp"

#include <sys/wait.h>

#include <cstdlib>
#include <regex>
#include <sstream>

#include "backends/c/prepare_c.hpp"
#include "ir/hash.hpp"
#include "support/files.hpp"
#include "support/template.hpp"
#include "support/version.hpp"

namespace hv {

namespace {

constexpr const char* kCompile = "cc -std=c99 -O2 -Wall -Wextra -Wpedantic -Wconversion -Werror";

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string q(const std::filesystem::path& p) { return shell_quote(p.string()); }

// Runs `command` with stdout and stderr sent to `log`; returns the exit code (128 + signal).
int run_logged(const std::string& command, const std::filesystem::path& log, std::string& output) {
  int status = std::system((command + " > " + q(log) + " 2>&1").c_str());
  std::error_code ec;
  output = std::filesystem::exists(log, ec) ? read_file(log) : std::string();
  if (status == -1) return -1;
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : -1;
}

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

// Fills vectors / mismatches / first_bad / details from the harness output; false when the
// summary line is missing (the harness did not finish).
bool parse_output(const std::string& out, CheckReport& report) {
  static const std::regex mismatch(R"(^mismatch vector (\d+): .*$)");
  static const std::regex summary(R"(^(\d+) vectors, (\d+) mismatches$)");
  std::istringstream in(out);
  std::string line;
  bool done = false;
  std::smatch m;
  while (std::getline(in, line)) {
    if (std::regex_match(line, m, mismatch)) {
      report.first_bad.push_back(std::stoull(m[1].str()));
      report.details += line + "\n";
    } else if (std::regex_match(line, m, summary)) {
      report.vectors = std::stoull(m[1].str());
      report.mismatches = std::stoull(m[2].str());
      done = true;
    }
  }
  return done;
}

}  // namespace

CheckReport check_c(const Network& net, const std::filesystem::path& c_file,
                    const std::filesystem::path& vectors_file, const std::filesystem::path& work_dir,
                    const std::string& extra_flags) {
  CheckReport report;
  report.target = "c (cc)";
  const CPlan plan = prepare_c(net);
  std::filesystem::create_directories(work_dir);
  const std::filesystem::path harness = work_dir / (plan.model + "_harness.c");
  const std::filesystem::path exe = work_dir / (plan.model + "_check");
  write_file_atomic(harness, harness_text(net, plan));
  std::filesystem::path include = c_file.parent_path();
  if (include.empty()) include = ".";

  const std::string compile = std::string(kCompile) + (extra_flags.empty() ? "" : " " + extra_flags) + " -I" +
                              q(include) + " " + q(c_file) + " " +
                              q(harness) + " -o " + q(exe);
  std::string cc_out;
  int rc = run_logged(compile, work_dir / "cc.log", cc_out);
  report.log = "$ " + compile + "\n" + cc_out;
  if (rc != 0) {
    report.log += "(the compiler exited with status " + std::to_string(rc) + ")\n";
    return report;
  }

  const std::string command = q(exe) + " " + q(vectors_file);
  std::string run_out;
  rc = run_logged(command, work_dir / "run.log", run_out);
  report.log += "$ " + command + "\n" + run_out;
  const bool finished = parse_output(run_out, report);
  report.ran = finished && (rc == 0 || rc == 1) && ((rc == 0) == (report.mismatches == 0));
  if (!report.ran) report.log += "(the harness exited with status " + std::to_string(rc) + ")\n";
  return report;
}

}  // namespace hv
