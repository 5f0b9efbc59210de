// Formatting of located user errors (see diagnostics.hpp). Quoted values are escaped so that a
// message is printable UTF-8 whatever bytes the input held.
#include "support/diagnostics.hpp"

#include <fmt/format.h>
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
// Length of the valid UTF-8 sequence starting at s[i] (1..4), or 0 if the bytes there are not one
// (stray continuation byte, overlong form, surrogate, past U+10FFFF, cut short).
size_t utf8_length(const std::string& s, size_t i) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(i);
  size_t n = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  unsigned char lo = 0x80, hi = 0xBF;  // the second byte's range depends on the first
  if (c == 0xE0) lo = 0xA0;
  if (c == 0xED) hi = 0x9F;
  if (c == 0xF0) lo = 0x90;
  if (c == 0xF4) hi = 0x8F;
  if (b(i + 1) < lo || b(i + 1) > hi) return 0;
  for (size_t k = 2; k < n; ++k)
    if (b(i + k) < 0x80 || b(i + k) > 0xBF) return 0;
  return n;
}

// Quotes `value`, escaping quotes, backslashes, control characters and bytes that are not valid
// UTF-8 (a message stays printable whatever the input held); cut after max_chars characters.
std::string quote_cut(const std::string& value, size_t max_chars) {
  std::string out = "'";
  size_t shown = 0;
  for (size_t i = 0; i < value.size();) {
    if (++shown > max_chars) {
      out += "...";
      break;
    }
    unsigned char c = static_cast<unsigned char>(value[i]);
    size_t n = c >= 0x80 ? utf8_length(value, i) : 1;
    if (c == '\'' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c == 0x7f || n == 0) {
      out += fmt::format("\\x{:02x}", static_cast<unsigned>(c));
      n = 1;
    } else {
      out.append(value, i, n);
    }
    i += n;
  }
  return out + "'";
}
}  // namespace

std::string quote(const std::string& value) { return quote_cut(value, 40); }
std::string quote_path(const std::string& path) { return quote_cut(path, path.size()); }

}  // namespace hv
