// Running external tools (Verilator, make, the C compiler, Yosys, nextpnr, simulators) without a
// shell: the program and its arguments are passed as a vector to posix_spawnp, so a path or name
// from a user is always one argument, never shell syntax. stdout and stderr go to files (or are
// inherited), the child may run in another directory, and a time limit kills it.
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace hv {

struct ProcessOptions {
  std::filesystem::path cwd;          // empty: the caller's working directory
  std::filesystem::path stdin_file;   // empty: /dev/null
  std::filesystem::path stdout_file;  // empty: inherited
  std::filesystem::path stderr_file;  // empty: inherited; equal to stdout_file: both into one file
  double timeout_seconds = 0;         // > 0: SIGKILL after this long (result.timed_out)
};

struct ProcessResult {
  bool started = false;    // false: the program could not be run (not found, not executable)
  int exit_code = -1;      // the exit status when it exited, else 128 + signal
  int signal = 0;          // the signal that ended it, 0 when it exited
  bool timed_out = false;  // killed at ProcessOptions::timeout_seconds
  std::string error;       // why it could not be started
  bool ok() const { return started && signal == 0 && exit_code == 0; }
};

// Runs argv[0] (looked up on PATH when it has no '/') with argv as its arguments and waits.
ProcessResult run_process(const std::vector<std::string>& argv, const ProcessOptions& opt = {});

// The program's full path when it is on PATH (or is a path to an executable file), else nullopt.
std::optional<std::filesystem::path> find_program(const std::string& name);

// One line describing how a run ended, for messages: "exited with status 2", "killed by signal 9",
// "timed out after 30 s", "could not be started: <why>".
std::string describe(const ProcessResult& r, const ProcessOptions& opt = {});

}  // namespace hv
