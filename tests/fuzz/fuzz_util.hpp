// Helpers shared by the fuzz targets: a failed invariant aborts (libFuzzer then saves the input),
// and a check that a user-facing message is valid UTF-8 (quote() escapes every other byte).
#pragma once
#include <cstdio>
#include <cstdlib>
#include <string>

namespace hvfuzz {

inline void check(bool ok, const char* target, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "%s: invariant violated: %s\n", target, what);
    std::abort();
  }
}

inline bool valid_utf8(const std::string& s) {
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += n;
  }
  return true;
}

// A user error must name the file it is about and be printable.
inline void check_message(const std::string& msg, const std::string& file, const char* target) {
  check(msg.rfind(file, 0) == 0 && msg.find(": error: ") != std::string::npos, target, "error not located in the file");
  check(valid_utf8(msg), target, "error message is not valid UTF-8");
}

}  // namespace hvfuzz
