// Process, build-directory and verdict helpers for the simulation targets (see sim_common.hpp).
#include "backends/verilog/sim_common.hpp"

#include <stdlib.h>

#include <cstdio>
#include <cstdlib>

#include "support/files.hpp"

namespace hv::simdetail {

namespace fs = std::filesystem;

ProcessResult run_logged(const std::vector<std::string>& argv, const fs::path& cwd, const fs::path& log,
                         std::string& log_text) {
  ProcessOptions po;
  po.cwd = cwd;
  po.stdout_file = po.stderr_file = fs::absolute(log);
  log_text += "$";
  for (const auto& a : argv) log_text += " " + a;
  log_text += "\n";
  ProcessResult r = run_process(argv, po);
  log_text += read_file_or_empty(po.stdout_file);
  if (!r.ok()) log_text += "(" + argv[0] + " " + describe(r, po) + ")\n";
  return r;
}

bool make_safe_path(const fs::path& p) {
  for (char c : fs::absolute(p).string())
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' || c == '.' ||
          c == '_' || c == '+' || c == '-'))
      return false;
  return true;
}

BuildDir::BuildDir(const fs::path& preferred) {
  if (make_safe_path(preferred)) {
    fs::create_directories(preferred);
    path_ = fs::absolute(preferred);
    return;
  }
  std::error_code ec;
  fs::path base = fs::temp_directory_path(ec);
  if (ec || !make_safe_path(base)) base = "/tmp";
  std::string templ = (base / "heaviside-build-XXXXXX").string();
  if (::mkdtemp(templ.data()) == nullptr) throw std::runtime_error("cannot create a build directory under " + base.string());
  path_ = templ;
  temporary_ = true;
}

BuildDir::~BuildDir() {
  std::error_code ec;
  if (temporary_) fs::remove_all(path_, ec);
}

void judge(const Network& net, const fs::path& vectors_file, const fs::path& outputs_file, const OutputLayout& layout,
           const ProcessResult& run, const std::string& run_log, CheckReport& r) {
  VectorSet vs;
  try {
    vs = parse_vectors_text(net, read_file(vectors_file), vectors_file.string());
  } catch (const std::exception& e) {
    r.log += std::string(e.what()) + "\n";
    r.ran = false;
    return;
  }
  compare_outputs(net, vs.inputs, read_file_or_empty(outputs_file), layout, r);
  size_t i = 0;
  while (i < run_log.size()) {
    size_t eol = run_log.find('\n', i);
    if (eol == std::string::npos) eol = run_log.size();
    if (run_log.compare(i, 5, "hang:") == 0) r.details += run_log.substr(i, eol - i) + "\n";
    i = eol + 1;
  }
  // A run that ended early (a hang, exit 3) has its missing outputs counted; any other failure
  // to run is reported as such.
  if (!run.started || run.signal != 0 || (run.exit_code != 0 && run.exit_code != 3)) r.ran = false;
}

}  // namespace hv::simdetail
