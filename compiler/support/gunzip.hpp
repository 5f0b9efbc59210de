// gzip decompression (RFC 1952 members holding RFC 1951 DEFLATE data, inflated by zlib) so that reading
// Debian's compressed datasets (Fashion-MNIST ships as .gz) gets located errors. Every member's
// CRC-32 and length are checked; concatenated members decompress to the
// concatenation, as with `gzip -dc`. Corrupt or truncated input throws GzipError naming the byte.
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace hv {

struct GzipError : std::runtime_error {
  GzipError(const std::string& what, uint64_t at_byte) : std::runtime_error(what), offset(at_byte) {}
  uint64_t offset;  // byte of the compressed input where the problem was found
};

// True when `data` starts with the gzip magic bytes 1f 8b.
bool is_gzip(std::string_view data);

// The decompressed content of a gzip file. `max_output` bounds the result (the memory budget): a
// stream that would inflate past it throws GzipError with gzip_limit_message() as its message.
std::string gunzip(std::string_view data, uint64_t max_output);

// The message GzipError carries when the output would pass max_output.
inline const char* gzip_limit_message() { return "the decompressed data exceeds the memory limit"; }

// CRC-32 (ISO 3309, as gzip uses), continuing from `crc` (0 to start).
uint32_t crc32(std::string_view data, uint32_t crc = 0);

}  // namespace hv
