// gzip / DEFLATE decoder (RFC 1952, RFC 1951). Huffman codes are decoded through one lookup table
// per code, indexed by the next max-code-length bits of the stream (bits arrive LSB first, so each
// code's entry sits at its bit-reversed value, repeated for every longer suffix). Back references
// copy from the output itself, which holds the whole stream, so no separate window is kept.
#include "support/gunzip.hpp"

#include <algorithm>
#include <array>
#include <vector>

namespace hv {
namespace {

constexpr int kMaxBits = 15;

const std::array<uint32_t, 256>& crc_table() {
  static const std::array<uint32_t, 256> table = [] {
    std::array<uint32_t, 256> t{};
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  return table;
}

// LSB-first bit reader over the compressed bytes.
class Bits {
 public:
  explicit Bits(std::string_view in) : in_(in) {}

  uint64_t byte_pos() const { return pos_ - count_ / 8; }
  bool at_end() const { return byte_pos() >= in_.size(); }

  // Ensures at least `n` (<= 56) bits are buffered, padding with zeros past the end; reads past
  // the end are detected by `overrun()`.
  void fill(int n) {
    while (count_ < n) {
      uint64_t b = pos_ < in_.size() ? static_cast<unsigned char>(in_[pos_]) : 0;
      ++pos_;
      buf_ |= b << count_;
      count_ += 8;
    }
  }
  uint32_t peek(int n) {
    fill(n);
    return static_cast<uint32_t>(buf_ & ((uint64_t{1} << n) - 1));
  }
  void drop(int n) {
    buf_ >>= n;
    count_ -= n;
    if (pos_ * 8 - static_cast<uint64_t>(count_) > in_.size() * 8) throw GzipError("the compressed data ends early", in_.size());
  }
  uint32_t get(int n) {
    if (n == 0) return 0;
    uint32_t v = peek(n);
    drop(n);
    return v;
  }
  void align() { drop(count_ % 8); }
  // Whole bytes after align(): returns the input position and skips `n` bytes.
  uint64_t take_bytes(uint64_t n) {
    uint64_t at = byte_pos();
    if (n > in_.size() - std::min<uint64_t>(at, in_.size())) throw GzipError("the compressed data ends early", in_.size());
    buf_ = 0;
    count_ = 0;
    pos_ = at + n;
    return at;
  }
  std::string_view input() const { return in_; }

 private:
  std::string_view in_;
  uint64_t pos_ = 0;  // next byte to load into buf_
  uint64_t buf_ = 0;
  int count_ = 0;     // bits in buf_
};

// A canonical Huffman code as a lookup table: entry = symbol << 4 | length (0 length = no code).
struct Huffman {
  std::vector<uint32_t> table;
  int bits = 0;

  void build(const uint8_t* lengths, int n, uint64_t at, const char* what) {
    std::array<int, kMaxBits + 1> count{};
    for (int i = 0; i < n; ++i) ++count[lengths[i]];
    count[0] = 0;
    bits = 0;
    for (int l = 1; l <= kMaxBits; ++l)
      if (count[l]) bits = l;
    int left = 1;
    for (int l = 1; l <= kMaxBits; ++l) {
      left = 2 * left - count[l];
      if (left < 0) throw GzipError(std::string("over-subscribed ") + what + " code", at);
    }
    std::array<uint32_t, kMaxBits + 2> next{};
    uint32_t code = 0;
    for (int l = 1; l <= kMaxBits; ++l) {
      code = (code + static_cast<uint32_t>(count[l - 1])) << 1;
      next[l] = code;
    }
    if (bits == 0) bits = 1;  // an empty code (allowed for distances): every lookup fails
    table.assign(size_t{1} << bits, 0);
    for (int sym = 0; sym < n; ++sym) {
      int len = lengths[sym];
      if (!len) continue;
      uint32_t c = next[len]++, rev = 0;
      for (int k = 0; k < len; ++k) rev |= ((c >> k) & 1u) << (len - 1 - k);
      for (uint32_t i = rev; i < table.size(); i += 1u << len) table[i] = static_cast<uint32_t>(sym) << 4 | static_cast<uint32_t>(len);
    }
  }

  int decode(Bits& in, const char* what) const {
    uint32_t e = table[in.peek(bits)];
    if ((e & 15) == 0) throw GzipError(std::string("invalid ") + what + " code", in.byte_pos());
    in.drop(static_cast<int>(e & 15));
    return static_cast<int>(e >> 4);
  }
};

constexpr std::array<uint16_t, 29> kLenBase = {3,  4,  5,  6,  7,  8,  9,  10, 11,  13,  15,  17,  19,  23, 27,
                                               31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
constexpr std::array<uint8_t, 29> kLenExtra = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2,
                                               2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
constexpr std::array<uint16_t, 30> kDistBase = {1,   2,   3,   4,   5,   7,    9,    13,   17,   25,
                                                33,  49,  65,  97,  129, 193,  257,  385,  513,  769,
                                                1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
constexpr std::array<uint8_t, 30> kDistExtra = {0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6,
                                                6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};

class Inflater {
 public:
  Inflater(Bits& in, std::string& out, uint64_t member_start, uint64_t max_output)
      : in_(in), out_(out), start_(member_start), max_(max_output) {}

  void run() {
    bool last = false;
    while (!last) {
      last = in_.get(1) == 1;
      uint32_t type = in_.get(2);
      if (type == 0) stored();
      else if (type == 1) fixed();
      else if (type == 2) dynamic();
      else throw GzipError("invalid DEFLATE block type 3", in_.byte_pos());
    }
  }

 private:
  void reserve(uint64_t n) {
    if (out_.size() + n > max_) throw GzipError(gzip_limit_message(), in_.byte_pos());
  }

  void stored() {
    in_.align();
    uint64_t at = in_.take_bytes(4);
    auto b = [&](uint64_t i) { return static_cast<uint32_t>(static_cast<unsigned char>(in_.input()[at + i])); };
    uint32_t len = b(0) | b(1) << 8, nlen = b(2) | b(3) << 8;
    if ((len ^ 0xFFFFu) != nlen) throw GzipError("a stored block's length check fails", at);
    reserve(len);
    uint64_t from = in_.take_bytes(len);
    out_.append(in_.input().substr(from, len));
  }

  void fixed() {
    std::array<uint8_t, 288 + 32> l{};
    for (int i = 0; i < 144; ++i) l[i] = 8;
    for (int i = 144; i < 256; ++i) l[i] = 9;
    for (int i = 256; i < 280; ++i) l[i] = 7;
    for (int i = 280; i < 288; ++i) l[i] = 8;
    for (int i = 0; i < 30; ++i) l[288 + i] = 5;
    Huffman lit, dist;
    lit.build(l.data(), 288, in_.byte_pos(), "literal/length");
    dist.build(l.data() + 288, 30, in_.byte_pos(), "distance");
    codes(lit, dist);
  }

  void dynamic() {
    static constexpr std::array<int, 19> order = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};
    uint64_t at = in_.byte_pos();
    int nlit = static_cast<int>(in_.get(5)) + 257, ndist = static_cast<int>(in_.get(5)) + 1;
    int nclen = static_cast<int>(in_.get(4)) + 4;
    if (nlit > 286 || ndist > 30) throw GzipError("a dynamic block declares too many codes", at);
    std::array<uint8_t, 19> cl{};
    for (int i = 0; i < nclen; ++i) cl[static_cast<size_t>(order[static_cast<size_t>(i)])] = static_cast<uint8_t>(in_.get(3));
    Huffman clen;
    clen.build(cl.data(), 19, at, "code length");
    std::array<uint8_t, 286 + 30> lengths{};
    int n = 0;
    while (n < nlit + ndist) {
      int sym = clen.decode(in_, "code length");
      if (sym < 16) {
        lengths[static_cast<size_t>(n++)] = static_cast<uint8_t>(sym);
        continue;
      }
      uint8_t value = 0;
      int repeat;
      if (sym == 16) {
        if (n == 0) throw GzipError("a length repeat with no previous length", in_.byte_pos());
        value = lengths[static_cast<size_t>(n - 1)];
        repeat = 3 + static_cast<int>(in_.get(2));
      } else if (sym == 17) {
        repeat = 3 + static_cast<int>(in_.get(3));
      } else {
        repeat = 11 + static_cast<int>(in_.get(7));
      }
      if (n + repeat > nlit + ndist) throw GzipError("code lengths run past their count", in_.byte_pos());
      while (repeat--) lengths[static_cast<size_t>(n++)] = value;
    }
    if (lengths[256] == 0) throw GzipError("a block without an end-of-block code", in_.byte_pos());
    Huffman lit, dist;
    lit.build(lengths.data(), nlit, at, "literal/length");
    dist.build(lengths.data() + nlit, ndist, at, "distance");
    codes(lit, dist);
  }

  void codes(const Huffman& lit, const Huffman& dist) {
    for (;;) {
      int sym = lit.decode(in_, "literal/length");
      if (sym < 256) {
        reserve(1);
        out_.push_back(static_cast<char>(sym));
        continue;
      }
      if (sym == 256) return;
      size_t li = static_cast<size_t>(sym - 257);
      if (li >= kLenBase.size()) throw GzipError("invalid length symbol", in_.byte_pos());
      uint32_t len = kLenBase[li] + in_.get(kLenExtra[li]);
      size_t di = static_cast<size_t>(dist.decode(in_, "distance"));
      if (di >= kDistBase.size()) throw GzipError("invalid distance symbol", in_.byte_pos());
      uint64_t d = kDistBase[di] + in_.get(kDistExtra[di]);
      if (d > out_.size() - start_) throw GzipError("a back reference reaches before the start of the data", in_.byte_pos());
      reserve(len);
      // Byte by byte, in order: an overlapping copy (d < len) repeats the last d bytes.
      const size_t at = out_.size(), from = at - static_cast<size_t>(d);
      out_.resize(at + len);
      char* b = out_.data();
      for (size_t i = 0; i < len; ++i) b[at + i] = b[from + i];
    }
  }

  Bits& in_;
  std::string& out_;
  uint64_t start_;
  uint64_t max_;
};

uint32_t le32(std::string_view s, uint64_t at) {
  uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = v << 8 | static_cast<unsigned char>(s[at + static_cast<uint64_t>(i)]);
  return v;
}

}  // namespace

bool is_gzip(std::string_view data) {
  return data.size() >= 2 && static_cast<unsigned char>(data[0]) == 0x1f && static_cast<unsigned char>(data[1]) == 0x8b;
}

uint32_t crc32(std::string_view data, uint32_t crc) {
  const auto& t = crc_table();
  crc = ~crc;
  for (char ch : data) crc = t[(crc ^ static_cast<unsigned char>(ch)) & 0xFF] ^ (crc >> 8);
  return ~crc;
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
    Bits bits(data.substr(pos));
    Inflater(bits, out, out_start, max_output).run();
    bits.align();
    pos += bits.byte_pos();
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
