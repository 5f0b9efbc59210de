// The gzip decoder against the system's gzip: stored, fixed and dynamic blocks, every level,
// concatenated members, header fields, and each corruption it must refuse.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <unistd.h>
#include <sstream>

#include "support/gunzip.hpp"

namespace {
namespace fs = std::filesystem;

fs::path tmp_dir() {
  fs::path d = fs::path(HV_TEST_TMP) / ("gunzip." + std::to_string(::getpid()));
  fs::create_directories(d);
  return d;
}

std::string slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// gzip's own compression of `data` (gzip is part of every Debian system).
std::string gzip(const std::string& data, const std::string& flags) {
  fs::path d = tmp_dir();
  std::ofstream(d / "in", std::ios::binary) << data;
  std::string cmd = "gzip -c " + flags + " '" + (d / "in").string() + "' > '" + (d / "in.gz").string() + "'";
  REQUIRE(std::system(cmd.c_str()) == 0);
  return slurp(d / "in.gz");
}

std::string sample(size_t n, int kind, uint32_t seed) {
  std::mt19937 rng(seed);
  std::string s(n, '\0');
  for (size_t i = 0; i < n; ++i) {
    if (kind == 0) s[i] = static_cast<char>(rng());                  // incompressible: stored blocks
    else if (kind == 1) s[i] = "ab"[rng() % 2];                      // long matches, overlapping copies
    else s[i] = static_cast<char>(i % 251 < 200 ? (i * 7) % 13 : rng() % 256);  // mixed
  }
  return s;
}

std::string error_of(const std::string& gz) {
  try {
    hv::gunzip(gz, uint64_t{1} << 32);
  } catch (const hv::GzipError& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST_CASE("gunzip: round trips through the system gzip at every level and block type", "[gunzip]") {
  for (int kind = 0; kind < 3; ++kind)
    for (size_t n : {size_t{0}, size_t{1}, size_t{100}, size_t{70000}, size_t{300000}})
      for (const char* level : {"-1", "-6", "-9"}) {
        std::string data = sample(n, kind, static_cast<uint32_t>(n + kind));
        INFO("kind " << kind << " size " << n << " level " << level);
        REQUIRE(hv::gunzip(gzip(data, level), uint64_t{1} << 32) == data);
      }
}

TEST_CASE("gunzip: concatenated members and a stored file name", "[gunzip]") {
  std::string a = sample(5000, 2, 1), b = sample(3000, 1, 2);
  REQUIRE(hv::gunzip(gzip(a, "-9") + gzip(b, "-1"), uint64_t{1} << 32) == a + b);
  std::string named = gzip(a, "-N");
  REQUIRE((static_cast<unsigned char>(named[3]) & 0x08) != 0);  // FNAME present
  REQUIRE(hv::gunzip(named, uint64_t{1} << 32) == a);
}

TEST_CASE("gunzip: the CRC-32 of the check string", "[gunzip]") {
  REQUIRE(hv::crc32("123456789") == 0xCBF43926u);
  REQUIRE(hv::crc32("") == 0u);
}

TEST_CASE("gunzip: corrupt input is refused with the reason", "[gunzip]") {
  std::string data = sample(20000, 2, 3);
  std::string gz = gzip(data, "-6 -n");
  REQUIRE(error_of("hello") == "not gzip data (no 1f 8b signature)");
  REQUIRE(error_of(gz.substr(0, 5)) == "the gzip data ends early");
  REQUIRE(error_of(gz + gz.substr(0, 1)) == "trailing data after the gzip stream");
  std::string truncated = gz.substr(0, gz.size() / 2);
  REQUIRE(error_of(truncated) == "the compressed data ends early");
  REQUIRE(error_of(gz.substr(0, gz.size() - 3)) == "the gzip data ends early");
  std::string bad_crc = gz;
  bad_crc[bad_crc.size() - 8] = static_cast<char>(bad_crc[bad_crc.size() - 8] ^ 1);
  REQUIRE(error_of(bad_crc) == "the CRC-32 of the decompressed data does not match");
  std::string bad_len = gz;
  bad_len[bad_len.size() - 1] = static_cast<char>(bad_len[bad_len.size() - 1] ^ 1);
  REQUIRE(error_of(bad_len) == "the decompressed length does not match the gzip trailer");
  REQUIRE(error_of(gz + "junk!") == "trailing data after the gzip stream");
  std::string method = gz;
  method[2] = 7;
  REQUIRE(error_of(method) == "unknown gzip compression method");
  std::string flags = gz;
  flags[3] = static_cast<char>(0x80);
  REQUIRE(error_of(flags) == "reserved gzip header flags are set");
  std::string type3 = gz;
  type3[10] = static_cast<char>(type3[10] | 0x06);  // first block: BTYPE = 3
  REQUIRE(error_of(type3) == "invalid DEFLATE block type 3");
  // A fixed-Huffman block whose first code is a back reference: distance 1 with nothing before.
  // Bits: BFINAL 1, BTYPE 01, length symbol 257 (7-bit code 0000001), distance code 0 (00000).
  std::string header = gz.substr(0, 10);
  header[3] = 0;
  std::string far = header + std::string("\x03\x02\x00\x00", 4) + std::string(8, '\0');
  REQUIRE(error_of(far) == "a back reference reaches before the start of the data");
}

TEST_CASE("gunzip: output past the memory limit is refused", "[gunzip]") {
  std::string data(100000, 'z');
  std::string gz = gzip(data, "-9");
  REQUIRE(hv::gunzip(gz, 100000) == data);
  REQUIRE_THROWS_WITH(hv::gunzip(gz, 99999), hv::gzip_limit_message());
}
