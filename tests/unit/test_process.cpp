// support/process: tools run without a shell. Arguments with shell syntax reach the program
// verbatim, output goes to the named files (paths with spaces, quotes, $ and backticks), the
// working directory and the time limit are honoured, and a missing program is a start failure.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "support/files.hpp"
#include "support/process.hpp"

namespace fs = std::filesystem;
using namespace hv;

namespace {
fs::path scratch(const std::string& name) {
  fs::path d = fs::path(HV_TEST_TMP) / "process" / name;
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}
}  // namespace

TEST_CASE("process: arguments are never shell syntax") {
  fs::path dir = scratch("dir with 'quotes' $HOME `touch PWNED` é");
  ProcessOptions opt;
  opt.stdout_file = dir / "out $x.txt";
  opt.stderr_file = opt.stdout_file;
  ProcessResult r = run_process({"printf", "%s|%s", "`touch PWNED`; $(id)", "a b"}, opt);
  REQUIRE(r.ok());
  CHECK(read_file(opt.stdout_file) == "`touch PWNED`; $(id)|a b");
  CHECK_FALSE(fs::exists(dir / "PWNED"));
  CHECK_FALSE(fs::exists("PWNED"));
}

TEST_CASE("process: working directory, exit codes, signals, time limit") {
  fs::path dir = scratch("cwd");
  ProcessOptions opt;
  opt.cwd = dir;
  opt.stdout_file = dir / "pwd.txt";
  REQUIRE(run_process({"pwd"}, opt).ok());
  CHECK(fs::equivalent(read_file(dir / "pwd.txt").substr(0, read_file(dir / "pwd.txt").size() - 1), dir));

  ProcessResult f = run_process({"false"});
  CHECK(f.started);
  CHECK(f.exit_code == 1);
  CHECK_FALSE(f.ok());

  ProcessResult k = run_process({"sh", "-c", "kill -9 $$"});
  CHECK(k.signal == 9);
  CHECK(k.exit_code == 137);

  ProcessOptions slow;
  slow.timeout_seconds = 0.2;
  ProcessResult t = run_process({"sleep", "5"}, slow);
  CHECK(t.timed_out);
  CHECK_FALSE(t.ok());
  CHECK(describe(t, slow) == "timed out after 0.2 s");
}

TEST_CASE("process: a missing program is reported, not run") {
  ProcessResult r = run_process({"hv-no-such-program-xyz"});
  CHECK_FALSE(r.started);
  CHECK(describe(r).find("could not be started") == 0);
  CHECK_FALSE(find_program("hv-no-such-program-xyz"));
  CHECK(find_program("sh"));
}
