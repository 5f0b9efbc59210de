// Test helpers: IDX file images (big-endian header, unsigned bytes) and gzip compression, for the
// IDX reader's unit, error and end-to-end tests.
#pragma once
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

namespace hvtest {

// An IDX header: 0x00 0x00, the type byte, the dimension count, one big-endian uint32 per dimension.
inline std::string idx_header(const std::vector<uint32_t>& dims, uint8_t type = 0x08) {
  std::string s{'\0', '\0', static_cast<char>(type), static_cast<char>(dims.size())};
  for (uint32_t v : dims)
    for (int sh = 24; sh >= 0; sh -= 8) s += static_cast<char>((v >> sh) & 0xff);
  return s;
}

inline std::string idx_file(const std::vector<uint32_t>& dims, const std::vector<uint8_t>& data) {
  return idx_header(dims) + std::string(data.begin(), data.end());
}

// A gzip member holding `bytes`, compressed by the system's gzip (-6, no name or time stamp), so
// the reader is tested on what users' files hold.
inline std::string gzip(const std::string& bytes) {
  static int counter = 0;
  const std::filesystem::path dir = std::filesystem::path(HV_TEST_TMP) / "gzip";
  std::filesystem::create_directories(dir);
  const std::filesystem::path in = dir / (std::to_string(::getpid()) + "." + std::to_string(counter++));
  { std::ofstream(in, std::ios::binary) << bytes; }
  const std::string cmd = "gzip -6 -n -f '" + in.string() + "'";
  if (std::system(cmd.c_str()) != 0) throw std::runtime_error("gzip failed: " + cmd);
  std::ifstream f(in.string() + ".gz", std::ios::binary);
  std::string out((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  std::filesystem::remove(in.string() + ".gz");
  return out;
}

}  // namespace hvtest
