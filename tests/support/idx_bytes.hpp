// Test helpers: IDX file images (big-endian header, unsigned bytes) and gzip compression, for the
// IDX reader's unit, error and end-to-end tests.
#pragma once
#include <zlib.h>

#include <cstdint>
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

// A gzip member holding `bytes` (zlib's deflate with a gzip wrapper).
inline std::string gzip(const std::string& bytes) {
  z_stream zs{};
  if (deflateInit2(&zs, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("deflateInit2");
  std::string out(deflateBound(&zs, bytes.size()) + 32, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  zs.avail_in = static_cast<uInt>(bytes.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  if (deflate(&zs, Z_FINISH) != Z_STREAM_END) throw std::runtime_error("deflate");
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

}  // namespace hvtest
