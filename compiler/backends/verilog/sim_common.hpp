// Helpers shared by the simulation targets of the Verilog backend (Verilator, Icarus): running a
// tool without a shell with its output in a log, a build directory whose path a tool's makefile
// can take, and the verdict (runtime/compare.hpp) from a testbench's outputs file.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "compare.hpp"
#include "support/process.hpp"
#include "vectors.hpp"

namespace hv::simdetail {

// Runs argv in `cwd` with stdout and stderr appended to the text of `log_text` (and written to
// `log`); returns the result. The command line is shown first ("$ ...", display only).
ProcessResult run_logged(const std::vector<std::string>& argv, const std::filesystem::path& cwd,
                         const std::filesystem::path& log, std::string& log_text);

// True when every character of the absolute path is in [A-Za-z0-9/._+-]: GNU make (Verilator's
// generated makefile) cannot build in a directory with spaces and expands `$`.
bool make_safe_path(const std::filesystem::path& p);

// A directory to build in: `preferred` when make_safe_path holds for it, else a fresh private
// directory under the system's temporary directory (or /tmp), removed by the destructor.
class BuildDir {
 public:
  explicit BuildDir(const std::filesystem::path& preferred);
  ~BuildDir();
  BuildDir(const BuildDir&) = delete;
  BuildDir& operator=(const BuildDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  bool temporary_ = false;
};

// The verdict from a testbench's outputs file: compare_outputs on the vectors read back from
// `vectors_file`; `ran` false (with the log) when the vector file is malformed or the run did
// not complete; hang lines of the run log are added to the details.
void judge(const Network& net, const std::filesystem::path& vectors_file, const std::filesystem::path& outputs_file,
           const OutputLayout& layout, const ProcessResult& run, const std::string& run_log, CheckReport& r);

}  // namespace hv::simdetail
