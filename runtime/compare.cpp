// compare_outputs (see compare.hpp): the expected values come from the reference, here; the
// target's outputs file is parsed as plain integers, one line per output.
#include "compare.hpp"

#include <cerrno>
#include <cstdlib>

#include "reference.hpp"

namespace hv {

namespace {

constexpr size_t kShown = 10;

// The integers of one line; false when a field is not an integer.
bool parse_line(const std::string& line, std::vector<int64_t>& out) {
  out.clear();
  const char* p = line.c_str();
  while (*p) {
    while (*p == ' ' || *p == '\t' || *p == '\r') ++p;
    if (!*p) break;
    char* end = nullptr;
    errno = 0;
    long long v = std::strtoll(p, &end, 10);
    if (end == p || errno != 0 || (*end && *end != ' ' && *end != '\t' && *end != '\r')) return false;
    out.push_back(v);
    p = end;
  }
  return true;
}

std::string join(const std::vector<int64_t>& v, size_t from, size_t n) {
  std::string s;
  for (size_t k = 0; k < n && from + k < v.size(); ++k) s += (k ? " " : "") + std::to_string(v[from + k]);
  return s;
}

}  // namespace

void compare_outputs(const Network& net, const std::vector<std::vector<int64_t>>& inputs, const std::string& outputs,
                     const OutputLayout& layout, CheckReport& report) {
  const size_t n_scores = layout.scores ? static_cast<size_t>(net.output.n_out) : 0;
  const size_t fields = 1 + n_scores + (layout.timing ? 2 : 0);
  report.vectors = inputs.size();
  report.mismatches = 0;
  report.first_bad.clear();
  report.details.clear();
  auto bad = [&](size_t idx, const std::string& what) {
    if (report.mismatches++ < kShown) {
      report.first_bad.push_back(idx);
      report.details += "mismatch vector " + std::to_string(idx) + ": " + what + "\n";
    }
  };
  size_t idx = 0, at = 0;
  std::vector<int64_t> got;
  while (at < outputs.size()) {
    size_t eol = outputs.find('\n', at);
    if (eol == std::string::npos) eol = outputs.size();
    std::string line = outputs.substr(at, eol - at);
    at = eol + 1;
    if (idx >= inputs.size()) {
      bad(idx++, "an output with no vector in flight: \"" + line.substr(0, 80) + "\"");
      continue;
    }
    ref::Result want = ref::run(net, inputs[idx]);
    if (!parse_line(line, got) || got.size() != fields) {
      bad(idx++, "malformed output line \"" + line.substr(0, 80) + "\" (expected " + std::to_string(fields) +
                     " integers)");
      continue;
    }
    std::string what;
    if (layout.first_is_score0 && got[0] != want.scores[0])
      what += "expected predict() = score 0 = " + std::to_string(want.scores[0]) + ", got " + std::to_string(got[0]);
    if (!layout.first_is_score0 && got[0] != want.cls)
      what += "expected class " + std::to_string(want.cls) + ", got " + std::to_string(got[0]);
    for (size_t c = 0; c < n_scores; ++c)
      if (got[1 + c] != want.scores[c]) {
        what += std::string(what.empty() ? "" : "; ") + "expected scores " + join(want.scores, 0, n_scores) +
                ", got " + join(got, 1, n_scores);
        break;
      }
    if (layout.timing) {
      const int64_t advances = got[1 + n_scores], skid = got[2 + n_scores];
      const int64_t due = static_cast<int64_t>(layout.latency) + (skid ? 1 : 0);
      if (advances != due || (skid != 0 && skid != 1))
        what += std::string(what.empty() ? "" : "; ") + "came out after " + std::to_string(advances) +
                " pipeline advances, expected " + std::to_string(due);
    }
    if (!what.empty()) bad(idx, what);
    ++idx;
  }
  if (idx < inputs.size()) {
    const size_t missing = inputs.size() - idx;
    if (report.mismatches < kShown) {
      report.first_bad.push_back(idx);
      report.details += "missing outputs: " + std::to_string(missing) + " of " + std::to_string(inputs.size()) +
                        " vectors produced no output (from vector " + std::to_string(idx) + " on)\n";
    }
    report.mismatches += missing;
  }
  report.ran = true;
}

}  // namespace hv
