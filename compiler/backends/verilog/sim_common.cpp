// Shell and report helpers for the simulation targets (see sim_common.hpp).
#include "backends/verilog/sim_common.hpp"

#include <cstdio>
#include <cstdlib>
#include <sys/wait.h>

#include "support/files.hpp"

namespace hv::simdetail {

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

int run_logged(const std::string& command, const std::filesystem::path& log) {
  std::string full = "(" + command + ") > " + shell_quote(log.string()) + " 2>&1";
  int status = std::system(full.c_str());
  if (status == -1) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string read_or_empty(const std::filesystem::path& p) {
  try {
    return read_file(p);
  } catch (const std::exception&) {
    return "";
  }
}

bool parse_run_output(const std::string& out, CheckReport& r) {
  bool summary = false;
  size_t i = 0;
  while (i < out.size()) {
    size_t eol = out.find('\n', i);
    if (eol == std::string::npos) eol = out.size();
    std::string line = out.substr(i, eol - i);
    i = eol + 1;
    const std::string tag = "mismatch vector ";
    if (line.rfind(tag, 0) == 0) {
      r.first_bad.push_back(std::strtoull(line.c_str() + tag.size(), nullptr, 10));
      r.details += line + "\n";
    } else if (line.rfind("hang:", 0) == 0) {
      r.details += line + "\n";
    } else {
      unsigned long long n = 0, m = 0;
      char tail = 0;
      if (std::sscanf(line.c_str(), "%llu vectors, %llu mismatches%c", &n, &m, &tail) == 2) {
        r.vectors = n;
        r.mismatches = m;
        summary = true;
      }
    }
  }
  return summary;
}

}  // namespace hv::simdetail
