// libFuzzer target for the gzip decoder (support/gunzip.cpp). Any input either decompresses or
// raises GzipError with an offset inside the input, and nothing else; an accepted stream's output
// respects the limit and, recompressed as one stored-block member, decompresses to itself.
#include <algorithm>
#include <cstdint>
#include <string>

#include "fuzz_util.hpp"
#include "support/gunzip.hpp"

namespace {

void check(bool ok, const char* what) { hvfuzz::check(ok, "fuzz_gunzip", what); }

// `data` as a gzip member of stored blocks (no compression), built by hand.
std::string stored_member(const std::string& data) {
  std::string out("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff", 10);
  size_t pos = 0;
  do {
    size_t n = std::min<size_t>(data.size() - pos, 65535);
    bool last = pos + n == data.size();
    out += static_cast<char>(last ? 1 : 0);
    for (unsigned v : {static_cast<unsigned>(n), static_cast<unsigned>(n) ^ 0xFFFFu}) {
      out += static_cast<char>(v & 0xFF);
      out += static_cast<char>(v >> 8);
    }
    out.append(data, pos, n);
    pos += n;
  } while (pos < data.size());
  for (uint32_t v : {hv::crc32(data), static_cast<uint32_t>(data.size())})
    for (int k = 0; k < 4; ++k) out += static_cast<char>(v >> (8 * k) & 0xFF);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string in(reinterpret_cast<const char*>(data), size);
  const uint64_t limit = 1 << 20;
  std::string out;
  try {
    out = hv::gunzip(in, limit);
  } catch (const hv::GzipError& e) {
    check(e.offset <= size, "error offset past the input");
    check(!std::string(e.what()).empty(), "empty message");
    return 0;
  }
  check(out.size() <= limit, "output over the limit");
  check(hv::gunzip(stored_member(out), limit) == out, "stored round trip");
  return 0;
}
