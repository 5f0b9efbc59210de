// libFuzzer target for the IDX reader (frontend/idx.cpp). The first byte picks the path: bit 0
// set, the rest is a gzip stream (gunzip, then parse); clear, the rest is the IDX file itself.
// Beyond "no crash, no undefined behaviour, no runaway allocation" (the memory budget is set to
// 64 MiB here), it checks the reader's contract:
//   - a rejected input raises a UserError located in the file ("f: error: ..."), valid UTF-8;
//   - an accepted one has a non-empty dimension list and exactly product(dims) data bytes, and
//     its header written back in front of the data parses to the same array.
#include <cstdint>
#include <string>

#include "frontend/idx.hpp"
#include "fuzz_util.hpp"
#include "support/diagnostics.hpp"
#include "support/resources.hpp"

namespace {
void check(bool ok, const char* what) { hvfuzz::check(ok, "fuzz_idx", what); }
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  hv::set_memory_limit(uint64_t{64} << 20);
  std::string bytes(reinterpret_cast<const char*>(data + 1), size - 1);
  hv::IdxArray a;
  try {
    if (data[0] & 1) bytes = hv::gunzip_file(bytes, "f");
    a = hv::parse_idx(bytes, "f");
  } catch (const hv::UserError& e) {
    hvfuzz::check_message(e.what(), "f", "fuzz_idx");
    return 0;
  }
  check(!a.dims.empty(), "no dimensions");
  uint64_t total = 1;
  for (uint32_t d : a.dims) total *= d;
  check(total == a.data.size(), "data size");
  std::string back = bytes.substr(0, 4 + 4 * a.dims.size()) + std::string(a.data.begin(), a.data.end());
  check(hv::parse_idx(back, "f").data == a.data, "round trip");
  return 0;
}
