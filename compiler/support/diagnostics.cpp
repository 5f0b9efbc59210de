// Formatting of located user errors (see diagnostics.hpp).
#include "support/diagnostics.hpp"

#include <cstdio>

namespace hv {

std::string format_location(const Location& loc) {
  std::string s = loc.file;
  if (loc.line > 0) {
    s += ":" + std::to_string(loc.line);
    if (loc.col > 0) s += ":" + std::to_string(loc.col);
  }
  return s;
}

void fail_at(const Location& loc, const std::string& message) {
  throw UserError(format_location(loc) + ": error: " + message);
}

void fail(const std::string& message) { throw UserError("error: " + message); }

namespace {
std::string quote_cut(const std::string& value, size_t max_chars) {
  std::string out = "'";
  size_t shown = 0;
  for (unsigned char c : value) {
    if (++shown > max_chars) {
      out += "...";
      break;
    }
    if (c == '\'' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "'";
}
}  // namespace

std::string quote(const std::string& value) { return quote_cut(value, 40); }
std::string quote_path(const std::string& path) { return quote_cut(path, path.size()); }

}  // namespace hv
