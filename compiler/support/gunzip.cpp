// gzip decompression (RFC 1952 members holding RFC 1951 DEFLATE data). The DEFLATE data is
// inflated by zlib (raw inflate, so that the header and trailer are checked here with located
// messages); every member's CRC-32 and length are checked; concatenated members decompress to the
// concatenation, as with `gzip -dc`. Corrupt or truncated input throws GzipError naming the byte.
// O(output) time; the output never grows past max_output.
#include "support/gunzip.hpp"

#include <algorithm>
#include <zlib.h>

namespace hv {

namespace {

uint32_t le32(std::string_view d, uint64_t at) {
  uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(d[at + static_cast<uint64_t>(i)]);
  return v;
}

// Inflates the raw DEFLATE stream starting at data[pos] onto `out`; returns the bytes it spans.
uint64_t inflate_raw(std::string_view data, uint64_t pos, std::string& out, uint64_t max_output) {
  z_stream z{};
  if (inflateInit2(&z, -MAX_WBITS) != Z_OK) throw GzipError("zlib could not be initialized", pos);
  struct End {
    z_stream* z;
    ~End() { inflateEnd(z); }
  } end{&z};
  char buf[1 << 16];
  uint64_t in_at = pos;
  for (;;) {
    if (z.avail_in == 0) {
      const uint64_t n = std::min<uint64_t>(data.size() - in_at, 1u << 30);
      z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data() + in_at));
      z.avail_in = static_cast<uInt>(n);
      in_at += n;
    }
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof buf;
    const int rc = inflate(&z, Z_NO_FLUSH);
    const uint64_t produced = sizeof buf - z.avail_out;
    const uint64_t at = pos + z.total_in;
    if (out.size() + produced > max_output) throw GzipError(gzip_limit_message(), at);
    out.append(buf, static_cast<size_t>(produced));
    if (rc == Z_STREAM_END) return z.total_in;
    if (rc == Z_DATA_ERROR) {
      const std::string msg = z.msg ? z.msg : "corrupt data";
      if (msg == "invalid block type") throw GzipError("invalid DEFLATE block type 3", at);
      if (msg == "invalid distance too far back")
        throw GzipError("a back reference reaches before the start of the data", at);
      throw GzipError("invalid DEFLATE data (" + msg + ")", at);
    }
    if (rc == Z_MEM_ERROR) throw std::bad_alloc();
    if (rc == Z_BUF_ERROR)
      throw GzipError("the compressed data ends early", data.size());
  }
}

}  // namespace

bool is_gzip(std::string_view data) {
  return data.size() >= 2 && static_cast<unsigned char>(data[0]) == 0x1f && static_cast<unsigned char>(data[1]) == 0x8b;
}

uint32_t crc32(std::string_view data, uint32_t crc) {
  uLong c = crc;
  for (size_t at = 0; at < data.size();) {  // zlib takes lengths as uInt
    const size_t n = std::min<size_t>(data.size() - at, 1u << 30);
    c = ::crc32(c, reinterpret_cast<const Bytef*>(data.data() + at), static_cast<uInt>(n));
    at += n;
  }
  return static_cast<uint32_t>(c);
}

std::string gunzip(std::string_view data, uint64_t max_output) {
  std::string out;
  // The last member's trailer holds its length mod 2^32: for the usual single member, the size.
  if (data.size() >= 18) out.reserve(static_cast<size_t>(std::min<uint64_t>(le32(data, data.size() - 4), max_output)));
  uint64_t pos = 0;
  do {
    const uint64_t member = pos;
    auto need = [&](uint64_t n) {
      if (data.size() - pos < n) throw GzipError("the gzip data ends early", data.size());
    };
    if (!is_gzip(data.substr(pos)))
      throw GzipError(pos == 0 ? "not gzip data (no 1f 8b signature)" : "trailing data after the gzip stream", pos);
    need(10);
    if (static_cast<unsigned char>(data[pos + 2]) != 8) throw GzipError("unknown gzip compression method", pos + 2);
    const auto flags = static_cast<unsigned char>(data[pos + 3]);
    if (flags & 0xE0) throw GzipError("reserved gzip header flags are set", pos + 3);
    pos += 10;
    if (flags & 0x04) {  // FEXTRA
      need(2);
      uint64_t xlen = static_cast<unsigned char>(data[pos]) | static_cast<uint64_t>(static_cast<unsigned char>(data[pos + 1])) << 8;
      pos += 2;
      need(xlen);
      pos += xlen;
    }
    for (unsigned char bit : {0x08, 0x10}) {  // FNAME, FCOMMENT: zero-terminated
      if (!(flags & bit)) continue;
      while (true) {
        need(1);
        if (data[pos++] == '\0') break;
      }
    }
    if (flags & 0x02) {  // FHCRC
      need(2);
      uint32_t want = static_cast<unsigned char>(data[pos]) | static_cast<uint32_t>(static_cast<unsigned char>(data[pos + 1])) << 8;
      if ((crc32(data.substr(member, pos - member)) & 0xFFFF) != want) throw GzipError("the gzip header checksum does not match", pos);
      pos += 2;
    }
    const uint64_t out_start = out.size();
    pos += inflate_raw(data, pos, out, max_output);
    need(8);
    std::string_view produced(out.data() + out_start, out.size() - out_start);
    if (crc32(produced) != le32(data, pos)) throw GzipError("the CRC-32 of the decompressed data does not match", pos);
    if (static_cast<uint32_t>(produced.size()) != le32(data, pos + 4))
      throw GzipError("the decompressed length does not match the gzip trailer", pos + 4);
    pos += 8;
  } while (pos < data.size());
  return out;
}

}  // namespace hv
